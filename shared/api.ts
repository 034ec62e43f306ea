// The one contract every host exposes (Electron IPC, the loopback web host, the
// CLI). Inputs are zod schemas, validated by each host before the core sees
// them; outputs are plain JSON-serialisable types produced by the core.
import { z } from 'zod';
import type { ErrorInfo, Progress } from './errors.ts';

export type Result<T> = { ok: true; value: T } | { ok: false; error: ErrorInfo };

// ---- Read models --------------------------------------------------------

export interface MeetingSummary {
  id: number;
  title: string;
  kind: string;
  startsAt: string;
  endsAt: string | null;
  location: string | null;
  status: 'active' | 'withdrawn';
  body: { id: number; name: string; kind: string; municipality: string };
  itemCount: number;
  documentCount: number;
  unreadCount: number;
}

export interface DocumentSummary {
  id: number;
  externalId: string;
  title: string;
  type: string;
  date: string | null;
  status: 'active' | 'withdrawn';
  /** The link of this document to the item: withdrawn when it left this agenda. */
  linkStatus: 'active' | 'withdrawn';
  sha256: string;
  pageCount: number;
  versionCount: number;
  read: boolean;
}

export interface AgendaItemView {
  id: number;
  externalId: string;
  number: string | null;
  title: string;
  section: boolean;
  start: string | null;
  end: string | null;
  description: string | null;
  portfolioHolder: string | null;
  informant: string | null;
  status: 'active' | 'withdrawn';
  documents: DocumentSummary[];
  children: AgendaItemView[];
}

export interface MeetingDetail extends Omit<MeetingSummary, 'itemCount' | 'documentCount' | 'unreadCount'> {
  externalId: string;
  chair: string | null;
  clerk: string | null;
  agenda: AgendaItemView[];
  /** Other meetings where documents of this meeting are on the agenda too (the dossier). */
  relatedMeetings: { id: number; title: string; startsAt: string; sharedDocuments: number }[];
}

export interface ImportSummary {
  source: string;
  meetingId: number;
  meetingTitle: string;
  outcome: 'created' | 'updated' | 'unchanged';
  counts: Record<string, number>;
  pagesExtracted: number;
}

export interface DoctorReport {
  ok: boolean;
  integrity: string[];
  counts: { meetings: number; agendaItems: number; documents: number; versions: number; pages: number; files: number; garbledPages: number; emptyPages: number };
  problems: string[];
}

// ---- Inputs -------------------------------------------------------------

const id = z.number().int().positive();

export const inputs = {
  listMeetings: z.strictObject({}),
  getMeeting: z.strictObject({ meetingId: id }),
  importPackages: z.strictObject({ paths: z.array(z.string().min(1).max(4096)).min(1).max(1000) }),
  doctor: z.strictObject({}),
} as const;

export type CallName = keyof typeof inputs;
export type CallInput<C extends CallName> = z.infer<(typeof inputs)[C]>;

export interface CallOutputs {
  listMeetings: MeetingSummary[];
  getMeeting: MeetingDetail;
  importPackages: ImportSummary[];
  doctor: DoctorReport;
}

/** Events pushed from core to hosts. */
export type CoreEvent = { type: 'progress'; task: string; progress: Progress } | { type: 'library-changed' };
