// The few values of the API (shared/api.ts) that the renderer needs at run
// time. Kept apart from the zod schemas so the app's first screen does not
// load zod; api.ts re-exports them for everyone else.
import type { Settings } from './api.ts';

export const ANNOTATION_COLORS = ['yellow', 'green', 'blue', 'pink', 'orange'] as const;
export const STANCES = ['voor', 'tegen', 'nog-bespreken'] as const;
export const DEFAULT_SETTINGS: Settings = { language: 'nl', theme: 'system', userName: '', fractie: '', backupDays: 14, syncIntervalMinutes: 60, syncOnStart: true };
