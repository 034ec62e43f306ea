// The one contract every host exposes (Electron IPC, the loopback web host, the
// CLI). Inputs are zod schemas, validated by each host before the core sees
// them; outputs are plain JSON-serialisable types produced by the core.
import { z } from 'zod';
import type { ErrorInfo, Progress } from './errors.ts';
import { DOCUMENT_TYPES } from './package-format.ts';
import type { SnippetPart } from './search/analyser.ts';
import { MOTION_STATUSES, motionContentSchema, type MotionContent, type MotionKind, type MotionStatus } from './motion.ts';
import { oneLineText } from './text-fields.ts';
import { rule } from './zod-messages.ts';
import { ANNOTATION_COLORS, DEFAULT_SETTINGS, STANCES } from './api-constants.ts';

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
  /** Documents of this meeting with a new version the user has not opened yet (those with a `changes` badge). */
  changedCount: number;
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
  /** A new version with changes the user has not opened yet ("Gewijzigd: 3 wijzigingen"); null otherwise. */
  changes: ChangeBadge | null;
}

// ---- Versions and what changed ------------------------------------------

/**
 * What changed in a document since the user last opened it: the comparison
 * of the version they last saw (never opened: the first) with the current
 * one. Only given when the current version is another one whose text is not
 * the same.
 */
export interface ChangeBadge {
  /** The changes from the version last seen to the current one (0 when status is no-text or too-large). */
  count: number;
  /**
   * changed (absent: the same): see `count`; no-text: the new version (or the one seen) has no readable
   * text, so its changes cannot be told ("Nieuwe versie, geen tekst"); too-large: too many changes to show.
   */
  status?: 'changed' | 'no-text' | 'too-large';
  /** When the user last opened the document (or marked it read); null: never opened. */
  since: string | null;
  /** The version the user last saw (the first version when never opened), and the current one: pass both to listChanges. */
  fromVersionId: number;
  toVersionId: number;
  /** When the current version became current (its last delivery). */
  arrivedAt: string;
}

/** A document of a meeting with changes since the user last opened it (MeetingDetail.changedDocuments). */
export interface ChangedDocument {
  documentId: number;
  title: string;
  type: string;
  agendaItemId: number;
  agendaItemNumber: string | null;
  agendaItemTitle: string;
  changes: ChangeBadge;
}

/** inserted/deleted/replaced: as in a tracked-changes view; moved: a passage (≥ 8 words) taken out in one place and put in another. */
export type ChangeKind = 'inserted' | 'deleted' | 'replaced' | 'moved';

/** Offsets into a page's text layer string (pages.raw_text), as annotation positions use them. */
export interface TextRange {
  page: number;
  start: number;
  end: number;
}

export interface VersionChange {
  /** 0-based, in reading order of the new version. */
  index: number;
  kind: ChangeKind;
  /** The page in the new version (deleted: where the text was; moved: where it is now). */
  page: number;
  /** The page in the old version (inserted: where it would have been; moved: where it was). */
  oldPage: number;
  /**
   * What stood there before ('' for inserted). Words as in the text, one space between them.
   * Moved: the passage as it was; when it was edited as well, the edits follow it in the list
   * as their own changes (inserted/deleted/replaced) inside its new ranges.
   */
  oldText: string;
  /** What stands there now ('' for deleted; moved: the passage as it is now). */
  newText: string;
  /**
   * Where the change is in the new version, one range per page it touches, in
   * the page's text layer offsets (so the reader can mark it): deleted has one
   * empty range (start = end) where the text was taken out.
   */
  ranges: TextRange[];
  /** The same in the old version (inserted: an empty range where it came in). */
  oldRanges: TextRange[];
  /**
   * A number itself changed: set only on `replaced` when the changed words hold a number (or a
   * date's month) on both sides and those differ; then just the amounts, each with its currency,
   * unit or date ("€ 1,1 mln" → "€ 1,4 mln", "5 jaar" → "4 jaar", "1 oktober 2017" → "1 november
   * 2017"), several joined by " … ". null otherwise, also when a number only came in or went out
   * ("tijdig" → "vóór 1 oktober 2017" is a rewritten passage).
   */
  amount: { old: string; new: string } | null;
}

/**
 * changed: see the changes; identical: the new file has the same text (no
 * change, no badge); no-text: one of the two versions has no readable text
 * (a scan, a garbled font), so its changes cannot be told; too-large: so
 * much changed that the comparison was given up ("te veel wijzigingen om te
 * tonen"), no changes listed.
 */
export type DiffStatus = 'changed' | 'identical' | 'no-text' | 'too-large';

/** One version (file) of a document, with where and when it came from. */
export interface DocumentVersionInfo {
  id: number;
  /** 1 for the first version of this document, 2 for the next, ...; kept when older versions are pruned (what the CLI's --from takes). */
  number: number;
  sha256: string;
  /** When it arrived in the library (import or sync). */
  createdAt: string;
  pageCount: number;
  current: boolean;
  /** The file's name in its package or at the source. */
  fileName: string;
  /** package: an imported package (origin: its path, or its file name when a window handed it over); oparl/obv: a synced source (origin: the meeting's key there); origin null when not known (stored before versions kept it). */
  source: { kind: 'package' | 'oparl' | 'obv'; name: string; origin: string | null };
  /** Compared with the version before it; null for the first version (or one whose comparison is not made yet). */
  diff: { status: DiffStatus; count: number } | null;
}

/** The changes between two versions of a document (listChanges). */
export interface DocumentChanges {
  documentId: number;
  title: string;
  from: DocumentVersionInfo;
  to: DocumentVersionInfo;
  status: DiffStatus;
  /** In reading order of `to`. */
  changes: VersionChange[];
}

/** What pruneVersions removed (or, with dryRun, would remove). */
export interface PruneReport {
  dryRun: boolean;
  /** Old versions removed (their text, comparisons and, when no other version uses it, their PDF). */
  versionsRemoved: number;
  filesRemoved: number;
  bytesFreed: number;
  /** Old versions kept although beyond `keep`, because an annotation still sits on them. */
  keptForAnnotations: number;
  /** Old versions kept although beyond `keep`, because they are the version the user last saw of their document (its change badge compares with it). */
  keptAsSeen?: number;
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

export interface MeetingDetail extends Omit<MeetingSummary, 'itemCount' | 'documentCount' | 'unreadCount' | 'changedCount'> {
  externalId: string;
  chair: string | null;
  clerk: string | null;
  agenda: AgendaItemView[];
  /** Other meetings where documents of this meeting are on the agenda too (the dossier). */
  relatedMeetings: { id: number; title: string; startsAt: string; sharedDocuments: number }[];
  /** Documents of this meeting (active links) with a new version since the user last opened them, in agenda order. */
  changedDocuments: ChangedDocument[];
}

export interface DocumentDetail {
  id: number;
  externalId: string;
  title: string;
  type: string;
  date: string | null;
  status: 'active' | 'withdrawn';
  versionId: number;
  sha256: string;
  pageCount: number;
  read: boolean;
  /** Where the user was when they last read it. */
  lastPage: number | null;
  /** Newest first. */
  versions: DocumentVersionInfo[];
  /** Changes since the user last opened it (before markDocumentSeen); null when none. */
  changes: ChangeBadge | null;
  /** Every agenda item of every meeting the document is on: its dossier. */
  meetings: {
    meetingId: number;
    meetingTitle: string;
    startsAt: string;
    agendaItemId: number;
    agendaItemNumber: string | null;
    agendaItemTitle: string;
    linkStatus: 'active' | 'withdrawn';
  }[];
  /** Pages whose text could not be read (garbled font encoding, scans without text). */
  flaggedPages: { page: number; quality: 'garbled' | 'empty' }[];
}

/** A package handed to the host (an upload, or a file chosen in the desktop dialog): the handle to import it by. */
export interface HandedPackage {
  /** Opaque, random, good for one import. */
  handle: string;
  /** The file name the user knows it by. */
  name: string;
}

export interface ImportSummary {
  /** The package: its path (the CLI), or its file name when it was handed over by a window. */
  source: string;
  meetingId: number;
  meetingTitle: string;
  outcome: 'created' | 'updated' | 'unchanged';
  counts: Record<string, number>;
  pagesExtracted: number;
}

export interface DoctorReport {
  /** Nothing is wrong (after a repair: nothing is left wrong). */
  ok: boolean;
  integrity: string[];
  counts: { meetings: number; agendaItems: number; documents: number; versions: number; pages: number; files: number; garbledPages: number; emptyPages: number; oldVersions: number };
  /** Bytes of the stored PDFs (files/), and the part only old versions use (what pruneVersions could free). */
  storage: { bytes: number; oldVersionBytes: number };
  /** What is wrong now, one line each, in Dutch and English. */
  problems: { nl: string; en: string }[];
  /** Stored PDFs that are missing or whose bytes no longer match their sha256, with the documents that use them. */
  files: DoctorFileProblem[];
}

/** A stored PDF that is not as it was stored, and what doctor did about it. */
export interface DoctorFileProblem {
  sha256: string;
  /** damaged: other bytes than its sha256 names (or, encrypted, bytes that no longer decrypt); missing: not in the file store. */
  state: 'damaged' | 'missing';
  /** The documents that have this file as a version, with the meetings they are on; none for a file nothing uses. */
  documents: {
    documentId: number;
    title: string;
    /** Whether it is the version the reader shows. */
    current: boolean;
    meetings: { meetingId: number; title: string; startsAt: string }[];
  }[];
  /** What `repair` did; null when doctor only checked. */
  repair: DoctorRepair | null;
}

export interface DoctorRepair {
  /**
   * source: fetched again from the sync source it came from; package: copied
   * again from the package it was imported from; set-aside: a damaged file no
   * document uses, moved aside; not-repaired: see the message (import the
   * package again, or try when the source is reachable).
   */
  outcome: 'source' | 'package' | 'set-aside' | 'not-repaired';
  /** Where the damaged file was moved to (inside the data dir, never deleted); null for a missing one. */
  setAsidePath: string | null;
  nl: string;
  en: string;
}

/** Something that arrived in the library (import or sync) since the user's last visit. */
export type NewSinceVisitItem =
  | {
      kind: 'meeting';
      meetingId: number;
      title: string;
      startsAt: string;
      bodyName: string;
      documentCount: number;
      arrivedAt: string;
    }
  | {
      kind: 'document';
      documentId: number;
      title: string;
      type: string;
      /** A document that is new, or a new version (file) of one that was there. */
      change: 'new' | 'version';
      /** For a new version: how many changes it brought (0 never appears: a version with the same text is not listed). */
      changeCount: number | null;
      arrivedAt: string;
      /** The (latest) meeting it is on the agenda of. */
      meeting: { id: number; title: string; startsAt: string };
    };

export interface NewSinceVisit {
  /** Where "new" starts: the start of the last run of the app on an earlier day, or of the first run. */
  since: string;
  /** False on the first day the app is used: nothing to compare with yet. */
  visitedBefore: boolean;
  /** How many items arrived in all (only the newest are listed up to the limit). */
  total: number;
  /** Newest first. A new meeting stands for its documents; each document once. */
  items: NewSinceVisitItem[];
}

// ---- Search ---------------------------------------------------------------

export interface SearchContext {
  meeting: { id: number; title: string; startsAt: string; bodyName: string } | null;
  agendaItem: { id: number; number: string | null; title: string } | null;
  /** Further meetings the document is on the agenda of (its dossier). */
  otherMeetings: number;
}

export interface DocumentHit extends SearchContext {
  documentId: number;
  title: string;
  type: string;
  date: string | null;
  score: number;
  /** Pages that match, in all (only the best are listed). */
  pageHits: number;
  titleMatch: boolean;
  /** No page has every word of the query: a "gedeeltelijke overeenkomst". */
  partial: boolean;
  /** The query's words (as typed) that its best page has, and those it lacks. */
  matched: string[];
  missing: string[];
  pages: { page: number; score: number; snippet: SnippetPart[]; matched: string[]; missing: string[]; partial: boolean; text?: string }[];
  /** Changes since the user last opened it, as in the meeting's agenda; null when none. */
  changes: ChangeBadge | null;
}

export interface RecordHit {
  kind: 'meeting' | 'agenda-item' | 'annotation' | 'agenda-note' | 'motion';
  /** Whether it is the user's own work (annotation, note, draft). */
  personal: boolean;
  refId: number | string;
  title: string;
  snippet: SnippetPart[];
  meetingId: number | null;
  documentId: number | null;
  page: number | null;
  score: number;
}

export interface SearchResults {
  query: string;
  /** Words the query used instead of what was typed (typo tolerance). */
  corrections: { from: string; to: string }[];
  /** The query with those words replaced ("Bedoelde u …?"); null when nothing was corrected. */
  didYouMean: string | null;
  /** Index (in the whole ordered list) of the first partial match; null when every document has all words. */
  partialFrom: number | null;
  /**
   * What to mark in a document opened from these results: the query's words
   * and, in quotes, the other forms, compounds and synonyms it matched
   * ("wmo \"wet maatschappelijke ondersteuning\""); parsed as a query.
   */
  markQuery: string;
  /** Why nothing was searched (a query of only stopwords); null otherwise. */
  notice: { code: string; nl: string; en: string } | null;
  /** Matching documents in all (an estimate when very many pages match). */
  total: number;
  totalIsEstimate: boolean;
  documents: DocumentHit[];
  records: RecordHit[];
  index: SearchIndexStatus;
  tookMs: number;
}

export interface SearchIndexStatus {
  indexedPages: number;
  totalPages: number;
  /** True while pages are being indexed (a rebuild, or a meeting just imported). */
  building: boolean;
}

export interface Suggestion {
  /** The full query text to use. */
  text: string;
  kind: 'word' | 'title';
}

export interface SavedSearch {
  id: number;
  name: string;
  query: string;
  filters: SearchFilters;
  createdAt: string;
  unseenAlerts: number;
  /** change: new (a document that was not there) or changed (a new version of one that was, with changeCount changes). */
  alerts: { documentId: number; title: string; page: number; foundAt: string; seen: boolean; change: 'new' | 'changed'; changeCount: number | null }[];
}


// ---- Private work: annotations, agenda notes, motion drafts ---------------

export { ANNOTATION_COLORS, DEFAULT_SETTINGS, STANCES };
export type AnnotationColor = (typeof ANNOTATION_COLORS)[number];
export type Stance = (typeof STANCES)[number];

export interface Annotation {
  id: string;
  documentId: number;
  page: number;
  kind: 'highlight' | 'note';
  color: AnnotationColor | null;
  note: string;
  tags: string[];
  /** The highlighted text with some context (null for a note pinned to a point). */
  quote: { exact: string; prefix: string; suffix: string } | null;
  /** Offsets into the page's text layer string. */
  position: { start: number; end: number } | null;
  /** [x, y, width, height] in PDF points, origin bottom-left of the page. */
  rects: [number, number, number, number][];
  point: { x: number; y: number } | null;
  /** After a new version arrived: still in place, found elsewhere/edited, or not found (kept, shown with its quote). */
  anchorStatus: 'anchored' | 'moved' | 'orphaned';
  /** A new version changed the passage it is on (or took it out): the reader marks it until it is re-attached. */
  changedInNewVersion: boolean;
  /** Whether it is placed on the version the reader shows. */
  onCurrentVersion: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface AgendaNote {
  agendaItemId: number;
  /** Markdown: paragraphs, lists, checklists (- [ ] / - [x]). */
  body: string;
  stance: Stance | null;
  updatedAt: string | null;
}

export interface MotionDraftSummary {
  id: string;
  kind: MotionKind;
  title: string;
  status: MotionStatus;
  meetingId: number;
  agendaItemId: number | null;
  updatedAt: string;
}

export interface MotionDraft extends MotionDraftSummary {
  content: MotionContent;
  revisions: { id: number; createdAt: string; title: string }[];
}

/** A file the core wrote for the user to save (a motion as DOCX/PDF, a personal export). */
export interface ExportedFile {
  exportId: string;
  fileName: string;
  mimeType: string;
  size: number;
}

/** A document an export could not include, and why. */
export interface ExportProblem {
  documentId: number;
  title: string;
  nl: string;
  en: string;
}

export interface MeetingOverview {
  meetingId: number;
  tags: string[];
  items: {
    agendaItemId: number;
    number: string | null;
    title: string;
    note: AgendaNote | null;
    annotations: (Annotation & { documentTitle: string })[];
    drafts: MotionDraftSummary[];
  }[];
  /** Drafts not tied to an agenda item (a motie vreemd aan de orde van de dag). */
  unlinkedDrafts: MotionDraftSummary[];
}

export interface PersonalImportSummary {
  annotations: { added: number; updated: number; anchored: number; moved: number; orphaned: number; skipped: number };
  agendaNotes: number;
  motionDrafts: number;
  /** What could not be placed, and why (unknown document, ...): the first hundred, in Dutch and English. */
  problems: { nl: string; en: string }[];
  /** How many problems there were in all. */
  problemCount: number;
}

export interface BackupInfo {
  name: string;
  createdAt: string;
  size: number;
}

// ---- Inputs -------------------------------------------------------------

const id = z.number().int().positive();
const isoDate = z.iso.date();
const uuid = z.uuid();
/** One line, after the spaces (and line breaks) around it are trimmed. */
const trimmedLine = (max: number) => z.string().trim().pipe(oneLineText(max));
const tag = trimmedLine(40).pipe(z.string().min(1));
/** Chosen by the caller of a long task, so that cancelTask can stop it. */
const taskId = z.string().refine((s) => /^[A-Za-z0-9-]{8,64}$/.test(s), rule('moet 8 tot 64 letters, cijfers of - zijn', 'must be 8 to 64 letters, digits or -'));

/** The user's preferences, the same in every host (Electron keeps them with electron-store). */
export const settingsSchema = z.strictObject({
  language: z.enum(['nl', 'en']),
  theme: z.enum(['system', 'light', 'dark']),
  /** On the cover of fractie bundles and under motion drafts. */
  userName: trimmedLine(100),
  fractie: trimmedLine(100),
  /** Days that automatic backups of private data are kept. */
  backupDays: z.number().int().min(1).max(365),
  /** Sync the sources every this many minutes while the app runs; 0 = only by hand. */
  syncIntervalMinutes: z.number().int().min(0).max(7 * 24 * 60),
  syncOnStart: z.boolean(),
});
export type Settings = z.infer<typeof settingsSchema>;

export const searchFiltersSchema = z.strictObject({
  bodyId: id.optional(),
  meetingId: id.optional(),
  /** Meeting dates from/to (inclusive), yyyy-mm-dd. */
  from: isoDate.optional(),
  to: isoDate.optional(),
  types: z.array(z.enum(DOCUMENT_TYPES)).max(DOCUMENT_TYPES.length).optional(),
  sourceId: id.optional(),
});
export type SearchFilters = z.infer<typeof searchFiltersSchema>;

/** A passphrase for the app lock: long enough to resist guessing offline (scrypt slows each guess). */
const passphrase = z.string().min(8).max(1024);

/** What names a remote source: addSource and checkSource. */
const sourceFields = {
  kind: z.enum(['oparl', 'obv']),
  /** OParl: the System URL; OpenBesluitvorming: the site (https://openbesluitvorming.nl). */
  url: z.url({ protocol: /^https?$/ }).max(2000),
  /** OParl: the Body's id (or its last path part); OpenBesluitvorming: the source key (e.g. zwolle). */
  body: z.string().trim().min(1).max(2000).optional(),
  /** Only meetings from this date on. */
  since: isoDate.optional(),
};

export const inputs = {
  listMeetings: z.strictObject({}),
  getMeeting: z.strictObject({ meetingId: id }),
  /** What arrived since the last visit (the home screen). */
  newSinceLastVisit: z.strictObject({ limit: z.number().int().min(1).max(200).optional() }),
  /** Packages the window handed over (uploadPackage, choosePackages), by handle: never a path. */
  importPackages: z.strictObject({
    handles: z.array(z.string().refine((s) => /^[a-f0-9]{32}$/.test(s), rule('moet een kenmerk van 32 tekens 0-9 en a-f zijn', 'must be a handle of 32 characters 0-9 and a-f'))).min(1).max(1000),
    /** Chosen by the caller, so that cancelTask can stop this import. */
    taskId: taskId.optional(),
  }),
  cancelTask: z.strictObject({ taskId }),
  /**
   * Checks the store, and every stored PDF against its sha256 (progress; cancel
   * by taskId). With `repair`, each damaged file is moved aside and fetched
   * again from its source or package.
   */
  doctor: z.strictObject({ repair: z.boolean().optional(), taskId: taskId.optional() }),
  storeNotices: z.strictObject({}),
  getSettings: z.strictObject({}),
  updateSettings: settingsSchema.partial(),
  getDocument: z.strictObject({ documentId: id }),
  setRead: z.strictObject({ documentId: id, read: z.boolean() }),
  setReadingPosition: z.strictObject({ documentId: id, page: z.number().int().min(1).max(100_000) }),
  /**
   * The changes between two versions of a document: by default from the
   * version before the current one to the current one. Computed once when a
   * version arrives and stored; another pair is compared on demand.
   */
  listChanges: z.strictObject({ documentId: id, fromVersionId: id.optional(), toVersionId: id.optional() }),
  /** The reader opened the document: its change badge ends (what changed stays listable with listChanges). */
  markDocumentSeen: z.strictObject({ documentId: id }),
  /**
   * Removes old versions beyond the newest `keep` of each document (default 2:
   * the current one and the one before it, so its changes stay readable).
   * Never the current version, never one an annotation sits on.
   */
  pruneVersions: z.strictObject({ keep: z.number().int().min(1).max(1000).optional(), dryRun: z.boolean().optional() }),
  search: z.strictObject({
    // Long pasted passages are searched by their first words (the service says so), not refused.
    query: z.string().max(10_000),
    filters: searchFiltersSchema.optional(),
    sort: z.enum(['relevance', 'date']).optional(),
    limit: z.number().int().min(1).max(200).optional(),
    offset: z.number().int().min(0).max(100_000).optional(),
    /** The last word is still being typed: match it as a prefix. */
    asYouType: z.boolean().optional(),
    /** Include each listed page's full text (the CLI's --json). */
    withPageText: z.boolean().optional(),
    /** How many of each document's best pages to list (default 3). */
    pagesPerDocument: z.number().int().min(1).max(20).optional(),
    /** Only the words as typed, all of them: no other word forms, synonyms, corrections or partial matches. */
    exact: z.boolean().optional(),
  }),
  suggest: z.strictObject({ text: z.string().max(1000), limit: z.number().int().min(1).max(50).optional() }),
  searchStatus: z.strictObject({}),
  listSavedSearches: z.strictObject({}),
  saveSearch: z.strictObject({ name: trimmedLine(200).pipe(z.string().min(1)), query: z.string().trim().min(1).max(1000), filters: searchFiltersSchema.optional() }),
  deleteSavedSearch: z.strictObject({ savedSearchId: id }),
  markAlertsSeen: z.strictObject({ savedSearchId: id }),
  listAnnotations: z.strictObject({ documentId: id.optional(), meetingId: id.optional() }),
  createAnnotation: z.union([
    z.strictObject({
      kind: z.literal('highlight'),
      documentId: id,
      page: id,
      /** The selection's offsets in the page's text layer string; `exact` is checked against them. */
      start: z.number().int().min(0),
      end: z.number().int().min(1),
      exact: z.string().min(1).max(10_000),
      color: z.enum(ANNOTATION_COLORS),
      note: z.string().max(20_000).optional(),
      tags: z.array(tag).max(20).optional(),
    }),
    z.strictObject({
      kind: z.literal('note'),
      documentId: id,
      page: id,
      point: z.strictObject({ x: z.number().finite().min(-1e4).max(1e5), y: z.number().finite().min(-1e4).max(1e5) }),
      note: z.string().max(20_000),
      tags: z.array(tag).max(20).optional(),
    }),
  ]),
  updateAnnotation: z.strictObject({
    annotationId: uuid,
    color: z.enum(ANNOTATION_COLORS).optional(),
    note: z.string().max(20_000).optional(),
    tags: z.array(tag).max(20).optional(),
  }),
  /** Places an orphaned (or any) highlight on a new selection of the current version. */
  reattachAnnotation: z.strictObject({ annotationId: uuid, page: id, start: z.number().int().min(0), end: z.number().int().min(1), exact: z.string().min(1).max(10_000) }),
  deleteAnnotation: z.strictObject({ annotationId: uuid }),
  getAgendaNote: z.strictObject({ agendaItemId: id }),
  saveAgendaNote: z.strictObject({ agendaItemId: id, body: z.string().max(200_000).optional(), stance: z.enum(STANCES).nullable().optional() }),
  listMotionDrafts: z.strictObject({ meetingId: id.optional() }),
  getMotionDraft: z.strictObject({ draftId: uuid }),
  /** Prefilled from the meeting, the agenda item and the user's name and fractie. */
  createMotionDraft: z.strictObject({ kind: z.enum(['motie', 'amendement']), meetingId: id, agendaItemId: id.optional() }),
  /** Autosave; `checkpoint` keeps a revision now (otherwise at most one every few minutes). */
  saveMotionDraft: z.strictObject({ draftId: uuid, content: motionContentSchema, status: z.enum(MOTION_STATUSES).optional(), checkpoint: z.boolean().optional() }),
  restoreMotionRevision: z.strictObject({ draftId: uuid, revisionId: id }),
  deleteMotionDraft: z.strictObject({ draftId: uuid }),
  exportMotion: z.strictObject({ draftId: uuid, format: z.enum(['docx', 'pdf']) }),
  meetingOverview: z.strictObject({ meetingId: id }),
  exportPersonal: z.strictObject({}),
  /** The JSON of a personal export (`raadsmap-personal/1`). */
  importPersonal: z.strictObject({ json: z.string().min(2).max(64 * 1024 * 1024) }),
  listBackups: z.strictObject({}),
  createBackup: z.strictObject({}),
  restoreBackup: z.strictObject({
    name: z.string().refine((s) => /^personal-[0-9TZ-]+\.db$/.test(s), rule('moet de naam van een reservekopie zijn, zoals personal-2024-01-31T08-00-00Z.db', 'must be the name of a backup, such as personal-2024-01-31T08-00-00Z.db')),
  }),
  /** The document's PDF with my annotations in it as PDF annotations. */
  exportAnnotatedPdf: z.strictObject({ documentId: id, flatten: z.boolean().optional(), summary: z.boolean().optional(), taskId: taskId.optional() }),
  /** The fractie bundle of a meeting; without agendaItemIds/documentIds, all of it. */
  exportBundle: z.strictObject({
    meetingId: id,
    agendaItemIds: z.array(id).max(2000).optional(),
    documentIds: z.array(id).max(5000).optional(),
    flatten: z.boolean().optional(),
    taskId: taskId.optional(),
  }),
  listSources: z.strictObject({}),
  /** `name`: the friendly name a check found (checkSource), shown in the list until a sync names it. */
  addSource: z.strictObject({ ...sourceFields, name: z.string().trim().min(1).max(200).optional() }),
  /** Fetches what the source would sync from and says whether it is usable, without saving anything. */
  checkSource: z.strictObject(sourceFields),
  removeSource: z.strictObject({ sourceId: id }),
  syncSources: z.strictObject({ sourceId: id.optional(), taskId: taskId.optional() }),
  // Encryption at rest (answered also while the store is locked).
  vaultStatus: z.strictObject({}),
  /**
   * First run (state new) or an unencrypted store (state plain): encrypt or not.
   * Without a passphrase the key is kept by the OS keyring; with one, the app
   * asks for it at every start (app lock). Encrypting a plain store rewrites it.
   */
  setupVault: z.strictObject({ encrypt: z.boolean(), passphrase: passphrase.optional(), taskId: taskId.optional() }),
  /** State locked (passphrase) or key-lost (recovery code). */
  unlockVault: z.union([z.strictObject({ passphrase: z.string().min(1).max(1024) }), z.strictObject({ recoveryCode: z.string().min(1).max(200) })]),
  /** Closes the store until the passphrase is given again (app lock on only). */
  lockVault: z.strictObject({}),
  /** App lock on (a passphrase, asked at every start) or off (null: the OS keyring keeps the key). */
  setAppLock: z.strictObject({ passphrase: passphrase.nullable() }),
  /** A new recovery code; the old one stops working. Rewrites the store (progress; cancel by taskId). */
  newRecoveryCode: z.strictObject({ taskId: taskId.optional() }),
  pendingRecoveryCode: z.strictObject({}),
  confirmRecoveryCode: z.strictObject({}),
  /** An unreadable store (key lost) moved aside, never deleted, so the app can start afresh. */
  setAsideStore: z.strictObject({}),
} as const;

export type CallName = keyof typeof inputs;
export type CallInput<C extends CallName> = z.infer<(typeof inputs)[C]>;

export interface CallOutputs {
  listMeetings: MeetingSummary[];
  getMeeting: MeetingDetail;
  newSinceLastVisit: NewSinceVisit;
  importPackages: ImportSummary[];
  cancelTask: { cancelled: boolean };
  doctor: DoctorReport;
  /** What opening the store had to repair and the user must know (a backup put back), in both languages. */
  storeNotices: { nl: string; en: string }[];
  getSettings: Settings;
  updateSettings: Settings;
  getDocument: DocumentDetail;
  setRead: { read: boolean };
  setReadingPosition: { page: number };
  listChanges: DocumentChanges;
  markDocumentSeen: { versionId: number };
  pruneVersions: PruneReport;
  search: SearchResults;
  suggest: Suggestion[];
  searchStatus: SearchIndexStatus;
  listSavedSearches: SavedSearch[];
  saveSearch: SavedSearch;
  deleteSavedSearch: { deleted: boolean };
  markAlertsSeen: { marked: number };
  listAnnotations: Annotation[];
  createAnnotation: Annotation;
  updateAnnotation: Annotation;
  reattachAnnotation: Annotation;
  deleteAnnotation: { deleted: boolean };
  getAgendaNote: AgendaNote;
  saveAgendaNote: AgendaNote;
  listMotionDrafts: MotionDraftSummary[];
  getMotionDraft: MotionDraft;
  createMotionDraft: MotionDraft;
  saveMotionDraft: MotionDraft;
  restoreMotionRevision: MotionDraft;
  deleteMotionDraft: { deleted: boolean };
  exportMotion: ExportedFile;
  meetingOverview: MeetingOverview;
  exportPersonal: ExportedFile;
  importPersonal: PersonalImportSummary;
  listBackups: BackupInfo[];
  createBackup: BackupInfo;
  restoreBackup: { restored: string; safetyCopy: string };
  exportAnnotatedPdf: ExportedFile;
  exportBundle: ExportedFile & { pageCount: number; problems: ExportProblem[] };
  listSources: SourceView[];
  addSource: SourceView;
  checkSource: SourceCheck;
  removeSource: { removed: boolean };
  syncSources: SyncResult[];
  vaultStatus: VaultStatus;
  setupVault: { status: VaultStatus; recoveryCode: string | null };
  unlockVault: VaultStatus;
  lockVault: VaultStatus;
  setAppLock: VaultStatus;
  newRecoveryCode: { recoveryCode: string };
  pendingRecoveryCode: { recoveryCode: string | null };
  confirmRecoveryCode: VaultStatus;
  setAsideStore: VaultStatus;
}

/** Events pushed from core to hosts. */
export type CoreEvent =
  | { type: 'progress'; task: string; progress: Progress }
  | { type: 'library-changed' }
  /** Highlights of these documents were placed anew (from their glyphs) without the user doing so: lists of them are stale. */
  | { type: 'annotations-changed'; documentIds: number[] }
  | { type: 'search-index'; status: SearchIndexStatus }
  /** New documents matched saved searches after an import or sync. */
  | { type: 'search-alerts'; alerts: { savedSearchId: number; name: string; documents: number }[] }
  /** The store was opened, locked or set aside: the renderer shows the app or the lock screen. */
  | { type: 'vault-changed'; status: VaultStatus };

// ---- Remote sources and sync ----------------------------------------------

/** ok: in sync; offline: no connection, skipped; failed: see error (the store is as before or fully updated). */
export type SyncStatus = 'ok' | 'offline' | 'failed' | 'cancelled';

export interface SyncResult {
  sourceId: number;
  sourceName: string;
  status: SyncStatus;
  meetingsCreated: number;
  meetingsUpdated: number;
  meetingsUnchanged: number;
  meetingsWithdrawn: number;
  /** Meetings that could not be written this time; they are tried again next sync. */
  meetingsFailed: number;
  /** Meetings the source gives without a start (not yet scheduled): not in the library until they have one. */
  meetingsWithoutDate: number;
  filesDownloaded: number;
  bytesDownloaded: number;
  requests: number;
  error: ErrorInfo | null;
  startedAt: string;
  finishedAt: string;
}

export interface SourceView {
  id: number;
  kind: 'oparl' | 'obv';
  url: string;
  body: string | null;
  since: string | null;
  name: string;
  createdAt: string;
  lastSyncedAt: string | null;
  lastResult: SyncResult | null;
  /** Meetings known to have changed and not written yet. */
  pendingMeetings: number;
  /** The friendly name a check found when it was added ("Gemeente Zwolle"); null without a check. */
  checkedName: string | null;
}

/**
 * What checkSource found. ok: usable as given; choose-body: an OParl system
 * with several bodies and none given (pick one of `bodies`); failed: wrong
 * address, not OParl, no such body, HTTP error, timeout (`error` says what
 * and what to do); offline: not reachable now (adding it anyway is possible).
 */
export interface SourceCheck {
  status: 'ok' | 'choose-body' | 'failed' | 'offline';
  /** The OParl Body's (or System's) name, or the OpenBesluitvorming source's. */
  name: string | null;
  /** OParl: the live bodies of the system, to choose from. */
  bodies: { id: string; name: string }[];
  /** The body that would be synced (its id), when known. */
  body: string | null;
  error: ErrorInfo | null;
}

// ---- Encryption at rest ---------------------------------------------------

/**
 * new: nothing stored yet (first run: choose encryption);
 * plain: an unencrypted store, open;
 * locked: encrypted, waiting for the passphrase (app lock);
 * key-lost: encrypted, and the key cannot be read (OS keyring reset, key file
 *   gone): unlock with the recovery code, or set the store aside;
 * open: encrypted and open.
 */
export type VaultState = 'new' | 'plain' | 'locked' | 'key-lost' | 'open';

export interface VaultStatus {
  state: VaultState;
  encrypted: boolean;
  /** What can open the store's key. */
  unlockWith: { keyring: boolean; passphrase: boolean; recoveryCode: boolean };
  /** Whether this host can keep the key in the OS keyring, and if not why (Linux without a keyring, the web host). */
  keyring: { available: boolean; reason: { nl: string; en: string } | null };
  /** key-lost: what is wrong. */
  problem: { nl: string; en: string } | null;
  /** Folders (inside the data dir) holding stores set aside earlier: kept, never deleted. */
  setAside: string[];
  /**
   * A recovery code was given out that the user has not confirmed writing
   * down (a crash, or a window closed before): the app shows it before
   * anything else, and until then the code before it still opens the store.
   */
  recoveryCodeUnconfirmed: boolean;
}
