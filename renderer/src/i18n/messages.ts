// Every text of the interface, in Dutch (the default) and English, kept per
// feature and language beside the feature (e.g. agenda/messages.nl.ts and
// agenda/messages.en.ts) and put together here. ICU message syntax
// (react-intl): {n, plural, one {…} other {…}} for counts. Each English
// catalog must have every id of its Dutch one: the types say so.
import { nl as shellNl } from '../shell/messages.nl.ts';
import { en as shellEn } from '../shell/messages.en.ts';
import { nl as settingsNl } from '../settings/messages.nl.ts';
import { en as settingsEn } from '../settings/messages.en.ts';
import { nl as meetingsNl } from '../meetings/messages.nl.ts';
import { en as meetingsEn } from '../meetings/messages.en.ts';
import { nl as personalNl } from '../personal/messages.nl.ts';
import { en as personalEn } from '../personal/messages.en.ts';
import { nl as searchNl } from '../search/messages.nl.ts';
import { en as searchEn } from '../search/messages.en.ts';
import { nl as readerNl } from '../reader/messages.nl.ts';
import { en as readerEn } from '../reader/messages.en.ts';
import { nl as agendaNl } from '../agenda/messages.nl.ts';
import { en as agendaEn } from '../agenda/messages.en.ts';
import { nl as vaultNl } from '../vault/messages.nl.ts';
import { en as vaultEn } from '../vault/messages.en.ts';
import { nl as changesNl } from '../changes/messages.nl.ts';
import { en as changesEn } from '../changes/messages.en.ts';

export const nl = { ...shellNl, ...settingsNl, ...meetingsNl, ...personalNl, ...searchNl, ...readerNl, ...agendaNl, ...vaultNl, ...changesNl } as const;

export type MessageId = keyof typeof nl;

export const en: Record<MessageId, string> = { ...shellEn, ...settingsEn, ...meetingsEn, ...personalEn, ...searchEn, ...readerEn, ...agendaEn, ...vaultEn, ...changesEn };
