// The sync of one remote source: read what changed since the stored cursor
// into the mirror (which queues the meetings it touches, in the same
// transaction that moves the cursor), then build each queued meeting as a
// normalised package (files downloaded, or reused when the API describes them
// as before) and write it through the same prepare/commit path as a package
// import: one transaction per meeting, unchanged meetings write nothing. A
// meeting leaves the queue only after its commit, so a sync that dies halfway
// resumes with the meetings it had not written, and never leaves half of one.
// A meeting refused for good (a decompression bomb: refused-files.ts) leaves
// the queue too, until the source changes it.
import fs from 'node:fs';
import path from 'node:path';
import type { SyncResult } from '../../../shared/api.ts';
import { RaadsmapError, cancelledError, throwIfCancelled, type ProgressListener } from '../../../shared/errors.ts';
import { PACKAGE_MANIFEST, type PackageManifest } from '../../../shared/package-format.ts';
import { toErrorInfo } from '../../../shared/error-mapping.ts';
import { commitImport, discardPrepared, prepareImport, type ImportContext, type PreparedImport } from '../import/import-package.ts';
import { isPermanentRefusal, refusalMemory } from '../import/refused-files.ts';
import { withdrawMeeting } from '../import/withdraw-meeting.ts';
import { NO_DATE, type MeetingPlan, type MirrorLookup, type SourceAdapter } from './adapter.ts';
import { NOT_PDF, downloadFile } from './download.ts';
import { HttpClient, type HttpOptions } from './http-client.ts';
import { ObvAdapter } from './obv-adapter.ts';
import { OparlAdapter } from './oparl-adapter.ts';
import {
  applyChanges,
  donePending,
  knownFile,
  mirrored,
  mirroredReferring,
  pendingMeetings,
  recordResult,
  rememberFile,
  setSourceName,
  type SourceRow,
} from './sources.ts';

export interface SyncDeps {
  ctx: ImportContext;
  /** Temp files of downloads, kept across runs so a killed download resumes. */
  downloadsDir: string;
  /** Network peer, clock, timeouts and retry policy (tests make them small or fake). */
  http?: Partial<Omit<HttpOptions, 'sourceName'>> | undefined;
  /** Files downloaded at once, over all meetings being prepared. */
  concurrency?: number | undefined;
  /** After each meeting that changed (the core indexes its pages and tells the hosts). */
  onChanged?: ((meetingId: number) => void) | undefined;
}

export interface SyncTaskOptions {
  signal?: AbortSignal | undefined;
  onProgress?: ProgressListener | undefined;
}

export function adapterFor(source: SourceRow, http: HttpClient): SourceAdapter {
  return source.kind === 'oparl' ? new OparlAdapter(http, source.config) : new ObvAdapter(http, source.config);
}

type Prepared = { key: string; kind: 'skip' } | { key: string; kind: 'withdraw' } | { key: string; kind: 'import'; title: string; prepared: PreparedImport; dir: string };

export async function syncSource(deps: SyncDeps, source: SourceRow, options: SyncTaskOptions = {}): Promise<SyncResult> {
  const { ctx } = deps;
  const db = ctx.db;
  const now = () => ctx.now().toISOString();
  const kindName = source.kind === 'oparl' ? 'OParl' : 'OpenBesluitvorming';
  const label = { nl: `Bron ${source.id} (${source.name}, ${kindName})`, en: `Source ${source.id} (${source.name}, ${kindName})` };
  const http = new HttpClient({ ...deps.http, sourceName: label });
  const adapter = adapterFor(source, http);
  const result: SyncResult = {
    sourceId: source.id,
    sourceName: source.name,
    status: 'ok',
    meetingsCreated: 0,
    meetingsUpdated: 0,
    meetingsUnchanged: 0,
    meetingsWithdrawn: 0,
    meetingsFailed: 0,
    meetingsWithoutDate: 0,
    filesDownloaded: 0,
    bytesDownloaded: 0,
    requests: 0,
    error: null,
    startedAt: now(),
    finishedAt: '',
  };
  const report = (phase: string, done: number, total: number, nl: string, en: string) =>
    options.onProgress?.({ phase, done, total, nl: `${label.nl}: ${nl}`, en: `${label.en}: ${en}` });
  const finish = (status: SyncResult['status'], error?: unknown): SyncResult => {
    result.status = status;
    if (error !== undefined && result.error === null) result.error = toErrorInfo(error);
    result.requests = http.stats.requests;
    result.finishedAt = now();
    recordResult(db, result);
    return result;
  };
  const statusOf = (error: unknown): SyncResult['status'] =>
    error instanceof RaadsmapError && error.code === 'cancelled' ? 'cancelled' : error instanceof RaadsmapError && error.code === 'sync.offline' ? 'offline' : 'failed';

  const lookup: MirrorLookup = {
    get: (kind, key) => {
      const o = mirrored(db, source.id, kind, key);
      return o && !o.deleted ? (o.payload as never) : null;
    },
    deleted: (kind, key) => mirrored(db, source.id, kind, key)?.deleted === true,
    referring: (kind, key) => mirroredReferring(db, source.id, kind, key),
  };

  // 1. What changed, into the mirror and the queue.
  report('list', 0, 1, 'wijzigingen ophalen', 'fetching changes');
  try {
    const { name } = await adapter.fetchChanges(source.cursor, (changes, cursor) => applyChanges(db, source.id, changes, adapter.meetingKind, cursor, now()), options.signal, lookup);
    if (name && name !== source.name) {
      setSourceName(db, source.id, name);
      result.sourceName = name;
    }
  } catch (error) {
    const status = statusOf(error);
    if (status === 'offline') report('offline', 1, 1, 'offline, overgeslagen', 'offline, skipped');
    return finish(status, error);
  }

  // 2. The queued meetings, prepared ahead (downloads, text extraction) and written one at a time.
  const keys = pendingMeetings(db, source.id);
  const limit = semaphore(deps.concurrency ?? 4);
  // A document refused for good (a decompression bomb) is not read again; its meeting leaves the queue.
  const refusals = refusalMemory(db, now);
  // A file on several meetings of this sync is downloaded once; later meetings copy it from here.
  const filesDir = fs.mkdtempSync(path.join(ctx.stagingRoot, 'sync-files-'));
  const fetched: Fetched = new Map();
  const batch = new AbortController();
  const onAbort = () => batch.abort();
  options.signal?.addEventListener('abort', onAbort, { once: true });
  if (options.signal?.aborted) batch.abort();

  const prepare = async (key: string): Promise<Prepared> => {
    const object = mirrored(db, source.id, adapter.meetingKind, key);
    if (!object) return { key, kind: 'skip' };
    if (object.deleted) return { key, kind: 'withdraw' };
    const plan = adapter.plan(object.payload, key, lookup);
    if (plan === NO_DATE) result.meetingsWithoutDate++;
    if (!plan || plan === NO_DATE) return { key, kind: 'skip' };
    const dir = fs.mkdtempSync(path.join(ctx.stagingRoot, 'sync-'));
    try {
      await writePackage(deps, http, source, plan, dir, result, { limit, fetched, filesDir }, batch.signal);
      const prepared = await prepareImport(ctx, dir, { signal: batch.signal, sourceKey: source.key, origin: key, refusals });
      return { key, kind: 'import', title: plan.manifest.meeting.title, prepared, dir };
    } catch (error) {
      fs.rmSync(dir, { recursive: true, force: true });
      throw error;
    }
  };

  const ahead = Math.max(1, ctx.extractor.threads);
  const started: Promise<Prepared>[] = [];
  const start = (i: number) => {
    if (i < keys.length && !started[i]) {
      started[i] = prepare(keys[i]!);
      started[i].catch(() => {});
    }
  };
  let stopped: unknown;
  try {
    for (let i = 0; i < ahead; i++) start(i);
    for (const [index, key] of keys.entries()) {
      report('sync', index, keys.length, `vergadering ${index + 1} van ${keys.length}`, `meeting ${index + 1} of ${keys.length}`);
      let item: Prepared;
      try {
        // A cancel ends the wait at once, even if a preparation is slow to notice it.
        item = await untilAborted(started[index]!, batch.signal);
      } catch (error) {
        const status = statusOf(error);
        // No connection or a cancel stops the source; any other failure is this meeting's alone.
        if (status !== 'failed' || batch.signal.aborted) {
          stopped = error;
          break;
        }
        result.meetingsFailed++;
        const refused = isPermanentRefusal(error);
        // Only a change at the source (other bytes) queues it again: the same document would be refused again.
        if (refused) donePending(db, source.id, key);
        if (result.error === null) result.error = toErrorInfo(refused ? notRetried(error) : error);
        continue;
      } finally {
        start(index + ahead);
      }
      if (item.kind === 'import') report('sync', index, keys.length, `vergadering ${index + 1} van ${keys.length} opslaan: ${item.title}`, `saving meeting ${index + 1} of ${keys.length}: ${item.title}`);
      try {
        if (item.kind === 'withdraw') {
          const withdrawn = withdrawMeeting(db, source.key, adapter.meetingId(key), now(), key);
          if (withdrawn !== null) {
            result.meetingsWithdrawn++;
            deps.onChanged?.(withdrawn);
          }
        } else if (item.kind === 'import') {
          throwIfCancelled(batch.signal);
          const committed = await commitImport(ctx, item.prepared, { signal: batch.signal });
          if (committed.outcome === 'created') result.meetingsCreated++;
          else if (committed.outcome === 'updated') result.meetingsUpdated++;
          else result.meetingsUnchanged++;
          if (committed.outcome !== 'unchanged') deps.onChanged?.(committed.meetingId);
        }
        // Only now is the meeting done: a kill before this line redoes it (an unchanged no-op if it was written).
        donePending(db, source.id, key);
      } catch (error) {
        if (statusOf(error) !== 'failed') {
          stopped = error;
          break;
        }
        result.meetingsFailed++;
        if (result.error === null) result.error = toErrorInfo(error);
      } finally {
        if (item.kind === 'import') fs.rmSync(item.dir, { recursive: true, force: true });
      }
    }
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
    batch.abort();
    // Whatever was prepared ahead and not written: remove its staging, now or, for a preparation
    // still ending after the cancel, when it has ended (the sync does not wait for it long).
    const cleanUp = async (settled: PromiseSettledResult<Prepared>[]) => {
      for (const s of settled) {
        if (s.status === 'fulfilled' && s.value.kind === 'import') {
          await discardPrepared(s.value.prepared);
          fs.rmSync(s.value.dir, { recursive: true, force: true });
        }
      }
      fs.rmSync(filesDir, { recursive: true, force: true });
    };
    const all = Promise.allSettled(started);
    const inTime = await Promise.race([all, new Promise<null>((resolve) => setTimeout(() => resolve(null), LATE_PREPARATION_MS).unref())]);
    if (inTime) await cleanUp(inTime);
    else void all.then(cleanUp).catch(() => {});
  }
  report('sync', keys.length, keys.length, 'klaar', 'done');
  result.bytesDownloaded = http.stats.bytes;
  if (stopped !== undefined) return finish(options.signal?.aborted ? 'cancelled' : statusOf(stopped), options.signal?.aborted ? cancelledError() : stopped);
  return finish(result.meetingsFailed > 0 ? 'failed' : 'ok');
}

/** Download failures after which a file's other address (its accessUrl) is tried. */
const FALLBACK_CODES = new Set(['sync.not-found', 'sync.http-error', NOT_PDF]);

type Fetched = Map<string, Promise<{ sha256: string; path: string }>>;

function notRetried(refusal: RaadsmapError): RaadsmapError {
  return new RaadsmapError(
    {
      ...refusal.toInfo(),
      nl: `${refusal.nl} Raadsmap probeert deze vergadering pas weer als de bron dit document wijzigt.`,
      en: `${refusal.en} Raadsmap tries this meeting again only when the source changes this document.`,
    },
    { cause: refusal },
  );
}

/** How long a finished or cancelled sync waits for preparations still running before it reports. */
const LATE_PREPARATION_MS = 10_000;

/** `promise`, or a cancel error as soon as `signal` aborts. */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(cancelledError());
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(cancelledError());
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/** meeting.json and the PDFs of a plan, in a package folder: the same shape a package file has. */
async function writePackage(
  deps: SyncDeps,
  http: HttpClient,
  source: SourceRow,
  plan: MeetingPlan,
  dir: string,
  result: SyncResult,
  shared: { limit: <T>(fn: () => Promise<T>) => Promise<T>; fetched: Fetched; filesDir: string },
  signal: AbortSignal,
): Promise<void> {
  const { ctx } = deps;
  const fetch = (doc: MeetingPlan['documents'][number]) => {
    const id = JSON.stringify([doc.url, doc.fingerprint]);
    let pending = shared.fetched.get(id);
    if (!pending) {
      pending = shared.limit(async () => {
        throwIfCancelled(signal);
        const known = knownFile(ctx.db, source.id, doc.url, doc.fingerprint);
        // Described by the API exactly as before: the stored bytes, no download.
        if (known && ctx.blobs.has(known.sha256)) return { sha256: known.sha256, path: ctx.blobs.pathOf(known.sha256) };
        const target = path.join(shared.filesDir, `${shared.fetched.size}-${Math.random().toString(36).slice(2)}.pdf`);
        const got = await downloadFile(http, doc, target, deps.downloadsDir, signal).catch((error: unknown) => {
          // Missing, a server error or no PDF there: the other address of the same file. (Wrong bytes
          // against the API's checksum are the file's own fault, and no connection is no connection.)
          const elsewhere = doc.fallbackUrl !== undefined && error instanceof RaadsmapError && FALLBACK_CODES.has(error.code);
          if (!elsewhere) throw error;
          return downloadFile(http, { ...doc, url: doc.fallbackUrl! }, target, deps.downloadsDir, signal);
        });
        result.filesDownloaded++;
        // Into the content-addressed store at once (unreferenced until a commit, as in an import):
        // a sync killed before its commit does not download this file again.
        const stored = await ctx.blobs.putFile(target, got.sha256);
        fs.rmSync(target, { force: true });
        rememberFile(ctx.db, source.id, doc.url, doc.fingerprint, got.sha256, got.size);
        return { sha256: got.sha256, path: stored };
      });
      shared.fetched.set(id, pending);
      // A failed download is not shared: the next meeting that needs the file tries again.
      pending.catch(() => shared.fetched.delete(id));
    }
    return pending;
  };
  const settled = await Promise.allSettled(
    plan.documents.map(async (doc, index) => {
      const file = `documenten/${String(index).padStart(4, '0')}.pdf`;
      const got = await fetch(doc);
      fs.mkdirSync(path.join(dir, 'documenten'), { recursive: true });
      await ctx.blobs.copyOut(got.sha256, path.join(dir, file));
      return { id: doc.id, title: doc.title, type: doc.type, file, sha256: got.sha256, ...(doc.date ? { date: doc.date } : {}) };
    }),
  );
  // Every download has stopped before the caller may remove the folder. A file the API
  // did not call a PDF and that is none (a Word file, a scan as image) is left out, not a failure.
  const notPdf = (s: PromiseSettledResult<unknown>, index: number) =>
    s.status === 'rejected' && plan.documents[index]!.sniff === true && s.reason instanceof RaadsmapError && s.reason.code === NOT_PDF;
  const failed = settled.find((s, index): s is PromiseRejectedResult => s.status === 'rejected' && !notPdf(s, index));
  if (failed) throw failed.reason;
  const left = new Set(plan.documents.filter((_, index) => notPdf(settled[index]!, index)).map((d) => d.id));
  const documents = settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  const manifest: PackageManifest = { ...plan.manifest, agenda: left.size ? withoutDocuments(plan.manifest.agenda, left) : plan.manifest.agenda, documents };
  // Deterministic bytes: the same meeting gives the same manifest hash, so an unchanged meeting writes nothing.
  fs.writeFileSync(path.join(dir, PACKAGE_MANIFEST), JSON.stringify(manifest, null, 2));
}

function withoutDocuments(items: PackageManifest['agenda'], left: Set<string>): PackageManifest['agenda'] {
  return items.map((item) => ({
    ...item,
    ...(item.documents ? { documents: item.documents.filter((id) => !left.has(id)) } : {}),
    ...(item.children ? { children: withoutDocuments(item.children, left) } : {}),
  }));
}

function semaphore(max: number): <T>(fn: () => Promise<T>) => Promise<T> {
  let active = 0;
  const waiting: (() => void)[] = [];
  return async (fn) => {
    if (active >= max) await new Promise<void>((resolve) => waiting.push(resolve));
    active++;
    try {
      return await fn();
    } finally {
      active--;
      waiting.shift()?.();
    }
  };
}
