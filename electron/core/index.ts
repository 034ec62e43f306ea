// createCore(ports): the one API every host (Electron IPC, web host, CLI)
// exposes. Plain Node: no `electron` import anywhere under electron/core.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { CallInput, CallOutputs, CoreEvent, HandedPackage, ImportSummary } from '../../shared/api.ts';
import { isRaadsmapError, throwIfCancelled, type ProgressListener } from '../../shared/errors.ts';
import { toErrorInfo } from '../../shared/error-mapping.ts';
import type { Store } from './db/open-store.ts';
import { openStoreGuarded, type StoreNotice } from './db/personal-guard.ts';
import { createExtractionPool, type ExtractionPool } from './extraction/pool.ts';
import { BlobStore } from './files/blob-store.ts';
import { commitImport, discardPrepared, prepareImport, type ImportContext, type PreparedImport } from './import/import-package.ts';
import { runDoctor } from './library/doctor.ts';
import { documentFile, getDocument, setRead, setReadingPosition, type StoredDocumentFile } from './library/documents.ts';
import { lastVisit, newSince, recordVisit } from './library/new-since-visit.ts';
import { getMeeting, listMeetings } from './library/queries.ts';
import { pruneVersions } from './versions/prune.ts';
import { catchUpComparisons, listChanges, markSeen } from './versions/version-store.ts';
import { PdfExports } from './export/pdf-exports.ts';
import { ExportFiles, type ExportedBytes } from './files/exports.ts';
import { AgendaNoteStore } from './personal/agenda-notes.ts';
import type { QuoteSearch } from './anchoring/find-quote.ts';
import { AnnotationPlacer } from './personal/annotation-placer.ts';
import { AnnotationStore, currentVersion } from './personal/annotations.ts';
import { BackupService } from './personal/backups.ts';
import { MotionStore } from './personal/motions.ts';
import { meetingOverview } from './personal/overview.ts';
import { exportPersonal, importPersonal, parsePersonalExport } from './personal/transfer.ts';
import { agendaNoteRecord, annotationRecord, motionRecord } from './search/record-index.ts';
import { SearchService } from './search/search-service.ts';
import { DEFAULT_UPLOAD_QUOTA, fileSettings, type SettingsPort } from './settings.ts';
import { ensureDataDir, prepareDataDir } from './data-dir.ts';
import { HandedPackages } from './packages/handed-packages.ts';
import type { HttpOptions } from './sync/http-client.ts';
import { syncSource } from './sync/sync-engine.ts';
import { checkSource } from './sync/check.ts';
import { activeSources, addSource, getSource, listSources, removeSource } from './sync/sources.ts';
import { acquireWriterLock, markOpen, removeLeftovers, rewriteBusy, rewriteRunningElsewhere, type WriterTask } from './store-lock.ts';

// How long each stage of an import took (npm run bench:import reads it from the compiled core).
export { IMPORT_STAGES, importStages, type ImportStage, type StageTimes } from './import/import-stages.ts';

export interface CorePorts {
  /** Where the databases, PDFs and staging live (Electron: app.getPath('userData')). */
  dataDir: string;
  /** Folder of bundled sample packages, imported into an empty store on first start. */
  sampleDir?: string | undefined;
  /** Injected so tests can fix time; defaults to the system clock. */
  clock?: () => Date;
  /** Worker threads for PDF text extraction; defaults to the number of cores (max 4). */
  extractionThreads?: number | undefined;
  /** Where the user's settings live; defaults to settings.json in the data dir. */
  settings?: SettingsPort | undefined;
  /** The network peer of sync (a fetch-like function), its timeouts and retries, and download concurrency. */
  sync?: { http?: Partial<Omit<HttpOptions, 'sourceName'>> | undefined; concurrency?: number | undefined } | undefined;
  /** The data key of an encrypted store (vault/session.ts finds it); absent: the store is not encrypted. */
  key?: Buffer | undefined;
  /** Count this run as a visit of the user (the app and the web host; not the CLI): "Nieuw sinds uw laatste bezoek". */
  recordVisit?: boolean | undefined;
  /** Compare, in the background after start, versions whose comparison is not stored yet (the app and the web host; not the CLI). */
  compareInBackground?: boolean | undefined;
  /** How long an import or sync waits for another process's before it gives up (store-lock.ts; default 15 minutes). */
  lockWaitMs?: number | undefined;
}

export interface TaskOptions {
  signal?: AbortSignal | undefined;
  onProgress?: ProgressListener | undefined;
}

export interface Core {
  readonly dataDir: string;
  listMeetings(input: CallInput<'listMeetings'>): CallOutputs['listMeetings'];
  getMeeting(input: CallInput<'getMeeting'>): CallOutputs['getMeeting'];
  newSinceLastVisit(input: CallInput<'newSinceLastVisit'>): CallOutputs['newSinceLastVisit'];
  /** The call importPackages: packages a window handed over (storeUpload, choosePackage), by handle; never a path. */
  importHandles(input: CallInput<'importPackages'>, options?: TaskOptions): Promise<CallOutputs['importPackages']>;
  /** For hosts only (not a call): package folders or zips by path, as the CLI's arguments and files opened with the app give them. */
  importPackages(input: { paths: string[] }, options?: TaskOptions): Promise<ImportSummary[]>;
  /**
   * Checks the store and hashes every stored PDF (progress "Bestanden
   * controleren"); with `repair`, damaged files are moved aside and fetched
   * again from their source or package (after a running sync, never during it).
   */
  doctor(input: CallInput<'doctor'>, options?: TaskOptions): Promise<CallOutputs['doctor']>;
  /** What opening the store repaired and the user must be told (db/personal-guard.ts). */
  storeNotices(input: CallInput<'storeNotices'>): CallOutputs['storeNotices'];
  getSettings(input: CallInput<'getSettings'>): CallOutputs['getSettings'];
  updateSettings(input: CallInput<'updateSettings'>): CallOutputs['updateSettings'];
  getDocument(input: CallInput<'getDocument'>): CallOutputs['getDocument'];
  setRead(input: CallInput<'setRead'>): CallOutputs['setRead'];
  setReadingPosition(input: CallInput<'setReadingPosition'>): CallOutputs['setReadingPosition'];
  /** The changes between two versions of a document (default: the current one and the one before it). */
  listChanges(input: CallInput<'listChanges'>): CallOutputs['listChanges'];
  /** The reader opened the document: its current version is seen, and its change badge ends. */
  markDocumentSeen(input: CallInput<'markDocumentSeen'>): CallOutputs['markDocumentSeen'];
  /** Removes old versions beyond the newest `keep` per document (never the current one, never one an annotation is on), as a writer. */
  pruneVersions(input: CallInput<'pruneVersions'>, options?: TaskOptions): Promise<CallOutputs['pruneVersions']>;
  /** For hosts only (not a call): the stored PDF of a document, served by id. */
  documentFile(documentId: number, versionId?: number): StoredDocumentFile;
  /**
   * For hosts only (not a call): where a quoted passage is in a document's
   * current version, found as the reader's find bar finds it (on one page when
   * `page` is given), or the passages closest to it; the CLI places highlights by quote with it.
   */
  findQuote(documentId: number, quote: string, page?: number): QuoteSearch;
  search(input: CallInput<'search'>): CallOutputs['search'];
  suggest(input: CallInput<'suggest'>): CallOutputs['suggest'];
  searchStatus(input: CallInput<'searchStatus'>): CallOutputs['searchStatus'];
  listSavedSearches(input: CallInput<'listSavedSearches'>): CallOutputs['listSavedSearches'];
  saveSearch(input: CallInput<'saveSearch'>): CallOutputs['saveSearch'];
  deleteSavedSearch(input: CallInput<'deleteSavedSearch'>): CallOutputs['deleteSavedSearch'];
  markAlertsSeen(input: CallInput<'markAlertsSeen'>): CallOutputs['markAlertsSeen'];
  listAnnotations(input: CallInput<'listAnnotations'>): CallOutputs['listAnnotations'];
  /** A highlight is placed from its page's glyphs, read from the PDF first (annotation-placer.ts). */
  createAnnotation(input: CallInput<'createAnnotation'>): Promise<CallOutputs['createAnnotation']>;
  updateAnnotation(input: CallInput<'updateAnnotation'>): CallOutputs['updateAnnotation'];
  reattachAnnotation(input: CallInput<'reattachAnnotation'>): Promise<CallOutputs['reattachAnnotation']>;
  deleteAnnotation(input: CallInput<'deleteAnnotation'>): CallOutputs['deleteAnnotation'];
  getAgendaNote(input: CallInput<'getAgendaNote'>): CallOutputs['getAgendaNote'];
  saveAgendaNote(input: CallInput<'saveAgendaNote'>): CallOutputs['saveAgendaNote'];
  listMotionDrafts(input: CallInput<'listMotionDrafts'>): CallOutputs['listMotionDrafts'];
  getMotionDraft(input: CallInput<'getMotionDraft'>): CallOutputs['getMotionDraft'];
  createMotionDraft(input: CallInput<'createMotionDraft'>): CallOutputs['createMotionDraft'];
  saveMotionDraft(input: CallInput<'saveMotionDraft'>): CallOutputs['saveMotionDraft'];
  restoreMotionRevision(input: CallInput<'restoreMotionRevision'>): CallOutputs['restoreMotionRevision'];
  deleteMotionDraft(input: CallInput<'deleteMotionDraft'>): CallOutputs['deleteMotionDraft'];
  exportMotion(input: CallInput<'exportMotion'>): Promise<CallOutputs['exportMotion']>;
  meetingOverview(input: CallInput<'meetingOverview'>): CallOutputs['meetingOverview'];
  exportPersonal(input: CallInput<'exportPersonal'>): CallOutputs['exportPersonal'];
  importPersonal(input: CallInput<'importPersonal'>): CallOutputs['importPersonal'];
  listBackups(input: CallInput<'listBackups'>): CallOutputs['listBackups'];
  createBackup(input: CallInput<'createBackup'>): CallOutputs['createBackup'];
  restoreBackup(input: CallInput<'restoreBackup'>): CallOutputs['restoreBackup'];
  exportAnnotatedPdf(input: CallInput<'exportAnnotatedPdf'>, options?: TaskOptions): Promise<CallOutputs['exportAnnotatedPdf']>;
  exportBundle(input: CallInput<'exportBundle'>, options?: TaskOptions): Promise<CallOutputs['exportBundle']>;
  /** For hosts only (not a call): a file made by exportMotion/exportPersonal, by its id (decrypted when the store is encrypted). */
  exportFile(exportId: string): ExportedBytes;
  /** For hosts only: removes an export file once it is saved where the user chose (the CLI). */
  discardExport(exportId: string): void;
  /**
   * For hosts only: encrypts the stored PDFs that are still in the clear (a
   * store that was just encrypted, or one where that was interrupted).
   * Returns how many it encrypted. The session runs it at each open.
   */
  sealStoredFiles(options?: TaskOptions): Promise<number>;
  /** Resolves when every stored page is in the search index (after start-up or an import). */
  searchIndexReady(): Promise<void>;
  /**
   * Resolves when the highlights waiting to be placed from their glyphs when
   * this was called (after start-up, a personal import, a restore) have been.
   */
  annotationsPlaced(): Promise<void>;
  /**
   * For hosts only: keeps a package file that came in through a host (picked
   * or dropped in the window) under uploads/ in the data dir, within the
   * upload quota, and returns the handle importPackages takes. Removed after
   * that import, when it waited too long, and at close. `size`, when known
   * beforehand (Content-Length), refuses an upload over the quota at once.
   */
  storeUpload(bytes: AsyncIterable<Uint8Array> | Uint8Array, fileName: string, size?: number): Promise<HandedPackage>;
  /** For hosts only: a package the user chose in the desktop app's own file dialog, as a handle for importPackages. */
  choosePackage(filePath: string): HandedPackage;
  /** Imports the bundled sample packages when the store holds no meeting yet. */
  ensureSampleData(options?: TaskOptions): Promise<ImportSummary[]>;
  onEvent(listener: (event: CoreEvent) => void): () => void;
  close(): Promise<void>;
  listSources(input: CallInput<'listSources'>): CallOutputs['listSources'];
  addSource(input: CallInput<'addSource'>): CallOutputs['addSource'];
  /** Fetches what the source would sync from (nothing is saved): its name, its bodies, or what is wrong. */
  checkSource(input: CallInput<'checkSource'>, options?: TaskOptions): Promise<CallOutputs['checkSource']>;
  removeSource(input: CallInput<'removeSource'>): CallOutputs['removeSource'];
  /** Syncs one source or all, one after another; a second call waits for the running sync. */
  syncSources(input: CallInput<'syncSources'>, options?: TaskOptions): Promise<CallOutputs['syncSources']>;
}

export function createCore(ports: CorePorts): Core {
  const dataDir = path.resolve(ports.dataDir);
  ensureDataDir(dataDir);
  // Marked open before the databases are touched: a rewrite under another key waits until this core has closed,
  // and one already running keeps this core out (store-lock.ts).
  const opened = markOpen(dataDir);
  let opening: { store: Store; notices: StoreNotice[] };
  try {
    const rewriter = rewriteRunningElsewhere(dataDir);
    if (rewriter !== null) throw rewriteBusy(rewriter);
    // A zero-byte, missing or foreign personal.db is never opened as a new, empty one.
    opening = openStoreGuarded(dataDir, ports.key, (ports.clock ?? (() => new Date()))());
  } catch (error) {
    opened.release();
    throw error;
  }
  const { store, notices } = opening;
  // After the open, which may have made the databases: for the user alone, and what killed writers left removed.
  prepareDataDir(dataDir);
  const blobs = new BlobStore(path.join(dataDir, 'files'), ports.key ? filesKey(store) : null);
  // This core's own: other processes may be staging at the same time.
  const stagingRoot = opened.stagingDir;
  const clock = ports.clock ?? (() => new Date());
  const settings = ports.settings ?? fileSettings(dataDir);
  const listeners = new Set<(event: CoreEvent) => void>();
  const emit = (event: CoreEvent) => listeners.forEach((l) => l(event));

  const closing = new AbortController();
  const search = new SearchService(store.db, emit, clock);
  // On disk already; this only catches up on pages not indexed yet (a crash, an analyser change).
  const indexed = search.start().catch((error: unknown) => {
    if (isRaadsmapError(error) && error.code === 'cancelled') return; // closed while rebuilding: resumes next start
    const info = toErrorInfo(error);
    emit({ type: 'progress', task: 'search-index', progress: { phase: 'index', done: 0, total: 0, nl: `Zoekindex bijwerken mislukt: ${info.nl}`, en: `Updating the search index failed: ${info.en}` } });
  });

  // Private work. Annotations left on an older version by a crash between an
  // import's commit and its re-anchoring are placed now.
  const nowIso = () => clock().toISOString();
  // This run's start: what arrived since the last visit is measured from the run before it (new-since-visit.ts).
  const runStart = nowIso();
  if (ports.recordVisit) recordVisit(store.db, runStart);
  // The pool starts on first use (an import, or reading a page's glyphs), so read-only use (CLI listings) stays fast.
  let pool: ExtractionPool | undefined;
  const extractor = () => (pool ??= createExtractionPool({ threads: ports.extractionThreads }));
  // Highlights are placed from the glyphs of their page, read from the PDF when needed.
  const placer = new AnnotationPlacer({ blobs, reader: extractor, onPlaced: (documentIds) => emit({ type: 'annotations-changed', documentIds }) });
  const annotations = new AnnotationStore(store.db, nowIso, placer.lookup);
  /**
   * Places the highlights that still have their text runs' rects (re-anchored,
   * imported, or made before glyph positions) from their pages' glyphs. With
   * `stopAtClose` closing stops it; the rest is placed at the next start.
   */
  const placeHighlights = (options: { documentIds?: number[]; stopAtClose?: boolean } = {}) =>
    placer.place(annotations, { documentIds: options.documentIds, signal: options.stopAtClose === false ? undefined : closing.signal }).catch(() => [] as number[]);
  /**
   * Reads the glyphs of the page a highlight is about to be made on. Usually
   * milliseconds; while an import keeps every thread busy the highlight is
   * made with the runs' rects after a few seconds, and placed when they come.
   */
  const glyphsOf = (documentId: number, page: number) =>
    placer.loadWithin(currentVersion(store.db, documentId).sha256, [page], GLYPH_PATIENCE_MS, () => void placeHighlights({ documentIds: [documentId], stopAtClose: false }));
  const notes = new AgendaNoteStore(store.db, nowIso);
  const motions = new MotionStore(store.db, clock);
  const backups = new BackupService(store, clock, ports.key, stagingRoot);
  const exportFiles = new ExportFiles(path.join(dataDir, 'exports'), clock(), ports.key);
  const pdfExports = new PdfExports({ db: store.db, blobs, exportFiles, annotations, notes, motions, user: () => settings.read(), now: nowIso });
  const reanchor = () => {
    const counts = annotations.reanchorPending();
    if (counts.documentIds.length) search.records.invalidate();
    return counts;
  };
  reanchor();
  void placeHighlights();
  // Versions stored before Raadsmap compared versions (or whose import found its comparison out of date) get
  // their comparison in the background, after start, one at a time; a short-lived CLI command leaves it (what it
  // reads is compared when asked for). Closing stops it; the rest is done at the next start.
  const comparing = ports.compareInBackground
    ? new Promise<void>((resolve) => setTimeout(resolve, 0))
        .then(() => catchUpComparisons(store.db, nowIso, closing.signal))
        .then(
          () => undefined,
          (error: unknown) => {
            if (closing.signal.aborted) return;
            const info = toErrorInfo(error);
            emit({ type: 'progress', task: 'versions', progress: { phase: 'versions', done: 0, total: 0, nl: `Versies vergelijken mislukt: ${info.nl}`, en: `Comparing versions failed: ${info.en}` } });
          },
        )
    : Promise.resolve();
  try {
    backups.rotate(settings.read().backupDays);
  } catch (error) {
    const info = toErrorInfo(error);
    queueMicrotask(() => emit({ type: 'progress', task: 'backup', progress: { phase: 'backup', done: 0, total: 0, nl: `Reservekopie maken mislukt: ${info.nl}`, en: `Making a backup failed: ${info.en}` } }));
  }
  // Each private change goes into the search index at once; each returns what it was given.
  const annotationChanged = <T extends { id: string }>(annotation: T): T => {
    const row = store.db.prepare('SELECT id, document_id, page_number, quote_exact, note, tags FROM personal.annotations WHERE id = ?').get(annotation.id) as Parameters<typeof annotationRecord>[0] | undefined;
    search.records.upsertPersonal(`annotation:${annotation.id}`, row ? annotationRecord(row) : null);
    return annotation;
  };
  const noteChanged = (agendaItemId: number) => {
    const row = store.db
      .prepare(
        `SELECT n.agenda_item_id, n.body, i.title, i.number, i.meeting_id FROM personal.agenda_notes n LEFT JOIN agenda_items i ON i.id = n.agenda_item_id
         WHERE n.agenda_item_id = ? AND n.body <> ''`,
      )
      .get(agendaItemId) as Parameters<typeof agendaNoteRecord>[0] | undefined;
    search.records.upsertPersonal(`agenda-note:${agendaItemId}`, row ? agendaNoteRecord(row) : null);
  };
  const draftChanged = <T extends { id: string }>(draft: T): T => {
    const row = store.db.prepare('SELECT id, kind, title, content, meeting_id FROM personal.motion_drafts WHERE id = ?').get(draft.id) as Parameters<typeof motionRecord>[0] | undefined;
    search.records.upsertPersonal(`motion:${draft.id}`, row ? motionRecord(row) : null);
    return draft;
  };

  // PDFs stored in the clear in an encrypted store (just encrypted, or interrupted): the session starts this.
  let sealing: Promise<number> = Promise.resolve(0);
  const sealStoredFiles = (options: TaskOptions = {}) => {
    const run = () =>
      blobs.sealAll({
        signal: options.signal ? AbortSignal.any([options.signal, closing.signal]) : closing.signal,
        onProgress: (done, total) =>
          options.onProgress?.({ phase: 'encrypt-files', done, total, nl: `Documenten versleutelen (${done}/${total})`, en: `Encrypting documents (${done}/${total})` }),
      });
    sealing = sealing.then(run, run);
    return sealing;
  };

  // Leftovers of cores that are gone (a killed import's staged copy, an upload never imported); never a running one's.
  const uploadsDir = opened.uploadsDir;
  removeLeftovers(dataDir);

  /** Runs a long writer (an import, a sync) while holding the store-wide writer lock, after waiting for whoever holds it. */
  async function asWriter<T>(task: WriterTask, options: TaskOptions, work: () => Promise<T>): Promise<T> {
    // Closing the core ends the wait too.
    const signal = options.signal ? AbortSignal.any([options.signal, closing.signal]) : closing.signal;
    const lock = await acquireWriterLock(dataDir, task, { signal, onProgress: options.onProgress, timeoutMs: ports.lockWaitMs });
    try {
      return await work();
    } finally {
      lock.release();
    }
  }

  const handed = new HandedPackages(uploadsDir, () => settings.uploadQuota?.() ?? DEFAULT_UPLOAD_QUOTA, () => clock().getTime());

  /** Packages a window handed over, by handle: imported under the names the user knows them by. */
  async function importHandles({ handles }: CallInput<'importPackages'>, options: TaskOptions = {}): Promise<ImportSummary[]> {
    const taken = handed.take(handles);
    try {
      const summaries = await asWriter('import', options, () => importPaths(taken.paths, options, taken.names));
      return summaries.map((summary, i) => ({ ...summary, source: taken.names[i]! }));
    } catch (error) {
      throw taken.inTheirNames(error);
    } finally {
      await taken.release();
    }
  }

  /**
   * Other processes write the same store (a CLI command while the app is
   * open, a restore from the command line): SQLite's data_version tells when
   * they did, and what this core keeps in memory about the data follows.
   */
  const dataVersions = () => [store.db.pragma('main.data_version', { simple: true }), store.db.pragma('personal.data_version', { simple: true })] as number[];
  let seenVersions = dataVersions();
  const otherWrites = setInterval(() => {
    const [library, personal] = dataVersions();
    if (library === seenVersions[0] && personal === seenVersions[1]) return;
    const personalChanged = personal !== seenVersions[1];
    seenVersions = [library!, personal!];
    search.records.invalidate();
    emit({ type: 'library-changed' });
    if (!personalChanged) return;
    try {
      // Highlights a restore brought back may sit on older versions, or wait to be placed from the glyphs.
      reanchor();
      void placeHighlights();
    } catch {
      // The store busy for long: the next change, or the next start, catches up.
    }
  }, OTHER_WRITES_POLL_MS);
  otherWrites.unref();

  /**
   * Imports packages in the order given. While one is written, the next ones
   * are already staged and read: as many at once as there are extraction
   * threads, and a package that is ready (read, or with nothing new to read)
   * makes room for the next at once, not only when those before it are
   * written, so the threads never wait behind one long PDF. Writes stay one
   * at a time and in order. A failure stops the batch: packages before it
   * are committed, it and those after it change nothing.
   */
  async function importPaths(paths: string[], options: TaskOptions = {}, names?: string[]): Promise<ImportSummary[]> {
    const batch = new AbortController();
    const onOuterAbort = () => batch.abort();
    options.signal?.addEventListener('abort', onOuterAbort, { once: true });
    if (options.signal?.aborted) batch.abort();
    const ctx: ImportContext = { db: store.db, blobs, extractor: extractor(), stagingRoot, now: clock, extractions: new Map() };
    const progressFor = (index: number): ProgressListener | undefined => {
      if (!options.onProgress) return undefined;
      if (paths.length === 1) return options.onProgress;
      const name = names?.[index] ?? path.basename(paths[index]!);
      // One bar for the batch: packages done of all, and what the newest report says.
      return (p) =>
        options.onProgress?.({
          ...p,
          done: summaries.length,
          total: paths.length,
          nl: `Pakket ${index + 1}/${paths.length} (${name}) — ${p.nl}`,
          en: `Package ${index + 1}/${paths.length} (${name}) — ${p.en}`,
        });
    };
    const summaries: ImportSummary[] = [];
    // Versions stored by this batch are those above this id: what saved searches look at afterwards.
    const afterCurrentId = store.db.prepare('SELECT coalesce(max(id), 0) FROM current_versions').pluck().get() as number;
    const prepared: Promise<PreparedImport>[] = [];
    // Packages being staged and read at once; and the most staged ahead of the writes (their copies are on disk).
    const preparing = Math.max(1, ctx.extractor.threads);
    const readyAhead = AHEAD_PER_THREAD * preparing;
    let busy = 0;
    // A package that failed stops the batch there: nothing after it is staged any more.
    let failed = false;
    const fill = () => {
      while (!failed && !batch.signal.aborted && prepared.length < paths.length && busy < preparing && prepared.length - summaries.length < readyAhead) {
        const index = prepared.length;
        busy++;
        prepared[index] = (async () => {
          try {
            return await prepareImport(ctx, paths[index]!, { signal: batch.signal, onProgress: progressFor(index) });
          } catch (error) {
            failed = true;
            throw error;
          } finally {
            // Ready (or failed): the next package starts now, whatever is still being read before it.
            busy--;
            fill();
          }
        })();
        prepared[index].catch(() => {}); // awaited in order below; not unhandled meanwhile
      }
    };
    try {
      for (const [index, packagePath] of paths.entries()) {
        fill(); // the packages before this one are written: room to stage the next
        throwIfCancelled(batch.signal);
        const ready = await prepared[index]!;
        const result = await commitImport(ctx, ready, { signal: batch.signal, onProgress: progressFor(index) });
        // A new version of a document: the user's annotations move onto it (never lost).
        const placed = result.outcome === 'unchanged' ? null : reanchor();
        const anchorCounts: Record<string, number> = placed?.documentIds.length ? { annotationsAnchored: placed.anchored, annotationsMoved: placed.moved, annotationsOrphaned: placed.orphaned } : {};
        summaries.push({ source: packagePath, ...result, counts: { ...result.counts, ...anchorCounts } });
        if (result.outcome !== 'unchanged') {
          emit({ type: 'library-changed' });
          // Index this meeting's pages while the next packages are read in the worker threads.
          search.ensureIndexed().catch(() => {});
        }
      }
      // Highlights moved onto new versions: placed from the new pages' glyphs before the import reports back.
      if (summaries.some((r) => r.counts['annotationsAnchored'] !== undefined)) await placeHighlights();
      await afterCommits(summaries, afterCurrentId, options.onProgress);
      return summaries;
    } catch (error) {
      // Stop the look-ahead and remove what it staged before reporting.
      batch.abort();
      const settled = await Promise.allSettled(prepared);
      await Promise.all(settled.map((s) => (s.status === 'fulfilled' ? discardPrepared(s.value) : undefined)));
      // The packages before the failure are in: their pages are indexed and saved searches run.
      await afterCommits(summaries, afterCurrentId).catch(() => {});
      throw error;
    } finally {
      options.signal?.removeEventListener('abort', onOuterAbort);
    }
  }

  const downloadsDir = path.join(dataDir, 'downloads');
  let syncing: Promise<unknown> = Promise.resolve();
  function syncSources({ sourceId }: CallInput<'syncSources'>, options: TaskOptions = {}): Promise<CallOutputs['syncSources']> {
    const run = async () => {
      const sources = sourceId !== undefined ? [getSource(store.db, sourceId)] : activeSources(store.db);
      const signal = options.signal ? AbortSignal.any([options.signal, closing.signal]) : closing.signal;
      const ctx: ImportContext = { db: store.db, blobs, extractor: extractor(), stagingRoot, now: clock, extractions: new Map() };
      const afterCurrentId = store.db.prepare('SELECT coalesce(max(id), 0) FROM current_versions').pluck().get() as number;
      const changed: number[] = [];
      const onChanged = (meetingId: number) => {
        changed.push(meetingId);
        // A new version of a document: the user's annotations move onto it (never lost), as after an import.
        reanchor();
        emit({ type: 'library-changed' });
        search.ensureIndexed().catch(() => {});
      };
      const results: CallOutputs['syncSources'] = [];
      for (const source of sources) {
        results.push(await syncSource({ ctx, downloadsDir, http: ports.sync?.http, concurrency: ports.sync?.concurrency, onChanged }, source, { signal, onProgress: options.onProgress }));
      }
      if (changed.length) {
        await placeHighlights();
        await search.afterImport(changed, afterCurrentId, options.onProgress).catch(() => {});
      }
      return results;
    };
    const locked = () => asWriter('sync', options, run);
    const next = syncing.then(locked, locked);
    syncing = next.catch(() => {});
    return next;
  }

  const checks = new Set<Promise<unknown>>();
  function doctor({ repair }: CallInput<'doctor'>, options: TaskOptions = {}): Promise<CallOutputs['doctor']> {
    const signal = options.signal ? AbortSignal.any([options.signal, closing.signal]) : closing.signal;
    const run = () =>
      runDoctor(
        { db: store.db, blobs, dataDir, stagingRoot, downloadsDir, uploadsDir, http: ports.sync?.http, now: clock },
        { repair },
        { signal, onProgress: options.onProgress },
      );
    if (!repair) {
      // Stopped by closing; close() waits for it to let go of the database.
      const check = run();
      checks.add(check);
      void check.catch(() => {}).finally(() => checks.delete(check));
      return check;
    }
    // A repair writes the file store: one after another with syncs, which reuse stored files, in any process.
    const locked = () => asWriter('repair', options, run);
    const next = syncing.then(locked, locked);
    syncing = next.catch(() => {});
    return next;
  }

  async function afterCommits(summaries: ImportSummary[], afterCurrentId: number, onProgress?: ProgressListener): Promise<void> {
    const changed = summaries.filter((r) => r.outcome !== 'unchanged').map((r) => r.meetingId);
    if (changed.length) await search.afterImport(changed, afterCurrentId, onProgress);
  }

  return {
    dataDir,
    listMeetings: () => listMeetings(store.db),
    getMeeting: ({ meetingId }) => getMeeting(store.db, meetingId),
    newSinceLastVisit: ({ limit }) => newSince(store.db, lastVisit(store.db, runStart), limit, nowIso),
    importPackages: ({ paths }, options = {}) => asWriter('import', options, () => importPaths(paths, options)),
    importHandles,
    storeUpload: (bytes, fileName, size) => handed.upload(bytes, fileName, size),
    choosePackage: (filePath) => handed.chosen(filePath),
    doctor,
    storeNotices: () => notices,
    getSettings: () => settings.read(),
    updateSettings: (changes) => {
      const next = { ...settings.read(), ...Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined)) };
      settings.write(next);
      return settings.read();
    },
    getDocument: ({ documentId }) => getDocument(store.db, documentId),
    setRead: ({ documentId, read }) => {
      const result = setRead(store.db, documentId, read, nowIso());
      // Marked read (opened, or "all read"): what changed in it counts as seen too.
      if (read) markSeen(store.db, documentId, nowIso());
      return result;
    },
    setReadingPosition: ({ documentId, page }) => setReadingPosition(store.db, documentId, page, clock().toISOString()),
    listChanges: (input) => listChanges(store.db, input, nowIso),
    markDocumentSeen: ({ documentId }) => markSeen(store.db, documentId, nowIso()),
    pruneVersions: (input, options = {}) =>
      asWriter('prune', options, async () => {
        const report = pruneVersions(store.db, blobs, (sha256) => search.pages.removeFile(sha256), input, clock().getTime(), options.onProgress);
        if (!report.dryRun && report.versionsRemoved > 0) emit({ type: 'library-changed' });
        return report;
      }),
    documentFile: (documentId, versionId) => documentFile(store.db, blobs, documentId, versionId),
    findQuote: (documentId, quote, page) => annotations.findQuote(documentId, quote, page),
    search: (input) => search.search(input),
    suggest: ({ text, limit }) => search.suggest(text, limit),
    searchStatus: () => search.status(),
    listSavedSearches: () => search.listSaved(),
    saveSearch: ({ name, query, filters }) => search.save(name, query, filters),
    deleteSavedSearch: ({ savedSearchId }) => ({ deleted: search.deleteSaved(savedSearchId) }),
    markAlertsSeen: ({ savedSearchId }) => ({ marked: search.markSeen(savedSearchId) }),
    searchIndexReady: () => search.ready(),
    sealStoredFiles,
    listAnnotations: (filter) => annotations.list(filter),
    async createAnnotation(input) {
      if (input.kind === 'highlight') await glyphsOf(input.documentId, input.page);
      return annotationChanged(annotations.create(input));
    },
    updateAnnotation: (input) => annotationChanged(annotations.update(input)),
    async reattachAnnotation(input) {
      const { document_id: documentId } = annotations.row(input.annotationId);
      await glyphsOf(documentId, input.page);
      return annotationChanged(annotations.reattach(input));
    },
    annotationsPlaced: () => placer.settled(),
    deleteAnnotation({ annotationId }) {
      const deleted = annotations.delete(annotationId);
      annotationChanged({ id: annotationId });
      return { deleted };
    },
    getAgendaNote: ({ agendaItemId }) => notes.get(agendaItemId),
    saveAgendaNote(input) {
      const saved = notes.save(input);
      noteChanged(input.agendaItemId);
      return saved;
    },
    listMotionDrafts: (filter) => motions.list(filter),
    getMotionDraft: ({ draftId }) => motions.get(draftId),
    createMotionDraft: (input) => draftChanged(motions.create(input, settings.read())),
    saveMotionDraft: (input) => draftChanged(motions.save(input)),
    restoreMotionRevision: ({ draftId, revisionId }) => draftChanged(motions.restore(draftId, revisionId)),
    deleteMotionDraft({ draftId }) {
      const deleted = motions.delete(draftId);
      draftChanged({ id: draftId });
      return { deleted };
    },
    async exportMotion({ draftId, format }) {
      const draft = motions.get(draftId);
      // docx and pdf-lib load with the first motion export, not with every start of a host (the CLI's search).
      const bytes =
        format === 'docx'
          ? await (await import('./motions/motion-docx.ts')).motionToDocx(draft.content, draft.status)
          : await (await import('./motions/motion-pdf.ts')).motionToPdf(draft.content, draft.status);
      const name = `${draft.kind === 'motie' ? 'Motie' : 'Amendement'} ${draft.title || draft.content.meetingTitle}`.trim();
      return exportFiles.write(`${name}.${format}`, bytes, format === 'docx' ? 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' : 'application/pdf');
    },
    meetingOverview: ({ meetingId }) => {
      getMeeting(store.db, meetingId); // a clear error for an unknown meeting
      return meetingOverview(store.db, meetingId, { annotations, notes, motions });
    },
    exportPersonal: () => {
      const now = nowIso();
      return exportFiles.write(`raadsmap-persoonlijk-${now.slice(0, 10)}.json`, JSON.stringify(exportPersonal(store.db, now), null, 2), 'application/json');
    },
    importPersonal({ json }) {
      const data = parsePersonalExport(json);
      backups.create(); // what was here stays recoverable
      const summary = importPersonal(store.db, data, nowIso());
      search.records.invalidate();
      // Placed by quote with the runs' rects; from the glyphs right after (a closing CLI waits for it).
      void placeHighlights({ stopAtClose: false });
      return summary;
    },
    listBackups: () => backups.list(),
    createBackup: () => backups.create(),
    restoreBackup({ name }) {
      const restored = backups.restore(name);
      reanchor();
      void placeHighlights();
      search.records.invalidate();
      emit({ type: 'library-changed' });
      return restored;
    },
    exportFile: (exportId) => exportFiles.file(exportId),
    discardExport: (exportId) => exportFiles.remove(exportId),
    async exportAnnotatedPdf(input, options) {
      // What is exported sits on the glyphs, also highlights still waiting to be placed from them.
      await placeHighlights({ documentIds: [input.documentId] });
      return pdfExports.document(input, options);
    },
    async exportBundle(input, options) {
      await placeHighlights();
      return pdfExports.bundle(input, options);
    },
    async ensureSampleData(options) {
      const meetings = store.db.prepare('SELECT count(*) FROM meetings').pluck().get() as number;
      if (meetings > 0 || !ports.sampleDir || !fs.existsSync(ports.sampleDir)) return [];
      const packages = fs
        .readdirSync(ports.sampleDir, { withFileTypes: true })
        .filter((e) => e.isDirectory() && fs.existsSync(path.join(ports.sampleDir!, e.name, 'meeting.json')))
        .map((e) => path.join(ports.sampleDir!, e.name))
        .sort();
      return asWriter('import', options ?? {}, () => importPaths(packages, options));
    },
    listSources: () => listSources(store.db),
    addSource: ({ kind, url, body, since, name }) => addSource(store.db, kind, { url, body, since, name }, clock().toISOString()),
    checkSource: ({ kind, url, body, since }, options = {}) => checkSource(kind, { url, body, since }, ports.sync?.http, options.signal),
    removeSource: ({ sourceId }) => ({ removed: removeSource(store.db, sourceId, clock().toISOString()) }),
    syncSources,
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async close() {
      closing.abort();
      clearInterval(otherWrites);
      await syncing;
      await Promise.allSettled(checks);
      await sealing.catch(() => {});
      search.stop();
      await indexed;
      await comparing;
      await placer.settled();
      await pool?.close();
      store.close();
      handed.close();
      opened.release();
    },
  };
}

/** How often a core looks whether another process wrote the store (a pragma read; no disk access). */
const OTHER_WRITES_POLL_MS = 2_000;
/** Packages an import stages and reads ahead of its writes, per extraction thread (each holds its staged copies on disk). */
const AHEAD_PER_THREAD = 4;

/** How long making a highlight waits for its page's glyphs before it makes do with the runs' boxes for now. */
const GLYPH_PATIENCE_MS = 5_000;

/** The key the stored PDFs of an encrypted store are encrypted with: made once, kept in library.db (so a new store key leaves the PDFs as they are). */
function filesKey(store: Store): Buffer {
  const row = store.db.prepare("SELECT key FROM store_keys WHERE name = 'files'").pluck().get() as Buffer | undefined;
  if (row) return row;
  const key = crypto.randomBytes(32);
  store.db.prepare("INSERT INTO store_keys (name, key) VALUES ('files', ?)").run(key);
  return key;
}
