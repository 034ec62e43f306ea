// Repair of one stored PDF that doctor found damaged or missing. The damaged
// file is moved aside first (never deleted), then the same bytes are fetched
// again: from the sync source that delivered them (the URL the sync engine
// remembered for that sha256), else from the package it was imported from if
// that still holds a file with that hash. Whatever comes back is stored only
// when its sha256 is the one the library expects. When neither works the
// report says what to do; with the file out of the store, importing its
// package again restores it (the import is no longer "unchanged").
import fs from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3-multiple-ciphers';
import type { DoctorFileProblem, DoctorRepair } from '../../../shared/api.ts';
import { RaadsmapError } from '../../../shared/errors.ts';
import type { BlobStore } from '../files/blob-store.ts';
import { LOCAL_SOURCE_KEY } from '../import/write-meeting.ts';
import { copyPackageFile } from '../packages/stage-package.ts';
import { downloadFile } from '../sync/download.ts';
import { HttpClient, type HttpOptions } from '../sync/http-client.ts';

export interface RepairDeps {
  db: Database.Database;
  blobs: BlobStore;
  dataDir: string;
  /** Where fetched copies wait until their hash is checked (removed afterwards). */
  stagingRoot: string;
  /** The sync engine's resumable downloads. */
  downloadsDir: string;
  /** The sync's network settings (tests inject their peer and timeouts). */
  http?: Partial<Omit<HttpOptions, 'sourceName'>> | undefined;
  /** Uploaded packages (the app's picked files) live here under a random prefix until imported. */
  uploadsDir: string;
  now: () => Date;
}

type Message = { nl: string; en: string };

export async function repairFile(deps: RepairDeps, file: DoctorFileProblem, signal?: AbortSignal): Promise<DoctorRepair> {
  const { blobs, dataDir } = deps;
  let setAsidePath: string | null = null;
  if (file.state === 'damaged') {
    const stamp = deps.now().toISOString().slice(0, 19).replaceAll(':', '-');
    setAsidePath = path.relative(dataDir, blobs.setAside(file.sha256, stamp));
  }
  const aside: Message = setAsidePath
    ? { nl: ` Het beschadigde bestand staat apart in ${setAsidePath}.`, en: ` The damaged file was moved to ${setAsidePath}.` }
    : { nl: '', en: '' };
  const done = (outcome: DoctorRepair['outcome'], message: Message): DoctorRepair => ({ outcome, setAsidePath, nl: `${message.nl}${aside.nl}`, en: `${message.en}${aside.en}` });

  if (file.documents.length === 0) {
    return done('set-aside', { nl: 'Apart gezet: geen document gebruikt dit bestand.', en: 'Set aside: no document uses this file.' });
  }
  const packages = packageOrigins(deps.db, file.sha256);
  const ways = [...syncSourcesOf(deps.db, file.sha256).map((source) => fromSource(deps, file, source, signal)), ...packages.map((origin) => fromPackage(deps, file.sha256, origin, signal))];
  const tried: Message[] = [];
  const work = fs.mkdtempSync(path.join(ensureDir(deps.stagingRoot), 'repair-'));
  try {
    for (const [index, way] of ways.entries()) {
      const target = path.join(work, `${index}.pdf`);
      try {
        const failure = await way.fetch(target);
        if (failure) {
          tried.push(failure);
          continue;
        }
        // Stored only with the sha256 the library expects (putFile checks it again).
        await blobs.putFile(target, file.sha256);
        return done(way.outcome, way.repaired);
      } catch (error) {
        if (isCancel(error)) throw error;
        tried.push(reason(way.label, error, way.outcome === 'source'));
      }
    }
    return done('not-repaired', notRepaired(tried, packages[0] ? displayName(packages[0], deps.uploadsDir) : null));
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

/** One place a file can come from again: `fetch` puts it at `target`, or says why it could not. */
interface Way {
  outcome: 'source' | 'package';
  label: Message;
  repaired: Message;
  fetch(target: string): Promise<Message | null>;
}

/** The URL a sync downloaded the file from, through the sync's own resumable, checked download. */
function fromSource(deps: RepairDeps, file: DoctorFileProblem, source: { sourceId: number; name: string; url: string; size: number }, signal?: AbortSignal): Way {
  const label = { nl: `bron ${source.sourceId} (${source.name})`, en: `source ${source.sourceId} (${source.name})` };
  return {
    outcome: 'source',
    label,
    repaired: { nl: `Hersteld: opnieuw opgehaald bij ${label.nl}.`, en: `Repaired: fetched again from ${label.en}.` },
    async fetch(target) {
      const http = new HttpClient({ ...deps.http, sourceName: { nl: `Bron ${source.sourceId} (${source.name})`, en: `Source ${source.sourceId} (${source.name})` } });
      const got = await downloadFile(http, { url: source.url, title: file.documents[0]?.title ?? file.sha256, size: source.size }, target, deps.downloadsDir, signal);
      return got.sha256 === file.sha256 ? null : { nl: `${label.nl} levert nu een ander bestand`, en: `${label.en} now serves a different file` };
    },
  };
}

/** The package a meeting with the file was imported from, if it is still there and still holds the file. */
function fromPackage(deps: RepairDeps, sha256: string, origin: string, signal?: AbortSignal): Way {
  const name = displayName(origin, deps.uploadsDir);
  const label = { nl: `het pakket ${name}`, en: `the package ${name}` };
  return {
    outcome: 'package',
    label,
    repaired: { nl: `Hersteld: opnieuw gekopieerd uit ${label.nl}.`, en: `Repaired: copied again from ${label.en}.` },
    async fetch(target) {
      if (!fs.existsSync(origin)) return { nl: `${label.nl} is er niet meer`, en: `${label.en} is no longer there` };
      if (await copyPackageFile(origin, sha256, target, signal)) return null;
      return { nl: `${label.nl} bevat dit bestand niet meer`, en: `${label.en} no longer holds this file` };
    },
  };
}

/** What to do when nothing worked: import the package again, or try again when the source can be reached. */
function notRepaired(tried: Message[], packageName: string | null): Message {
  const why = tried.length ? { nl: ` (${tried.map((t) => t.nl).join('; ')})`, en: ` (${tried.map((t) => t.en).join('; ')})` } : { nl: '', en: '' };
  if (packageName) {
    return {
      nl: `Niet hersteld${why.nl}: importeer het pakket ${packageName} opnieuw; dat zet het bestand terug.`,
      en: `Not repaired${why.en}: import the package ${packageName} again; that puts the file back.`,
    };
  }
  if (tried.length) {
    return { nl: `Niet hersteld${why.nl}: herstel opnieuw als de bron weer bereikbaar is.`, en: `Not repaired${why.en}: repair again when the source can be reached.` };
  }
  return {
    nl: 'Niet hersteld: er is geen bron of pakket bekend waar dit bestand vandaan kwam; importeer het pakket met dit document opnieuw.',
    en: 'Not repaired: no source or package is known that this file came from; import the package holding this document again.',
  };
}

/** Why one way failed, for the list in parentheses; sync errors name their source already. */
function reason(label: Message, error: unknown, named = false): Message {
  const info = error instanceof RaadsmapError ? error : null;
  const detail = error instanceof Error ? error.message : String(error);
  const bare = (text: string) => text.replace(/\.$/, '');
  if (info && named) return { nl: bare(info.nl), en: bare(info.en) };
  return { nl: `${label.nl}: ${bare(info ? info.nl : detail)}`, en: `${label.en}: ${bare(info ? info.en : detail)}` };
}

const isCancel = (error: unknown) => error instanceof RaadsmapError && error.code === 'cancelled';

function ensureDir(dir: string): string {
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

/** Where the sync engine downloaded this file (sync_files), sources still synced first. */
function syncSourcesOf(db: Database.Database, sha256: string): { sourceId: number; name: string; url: string; size: number }[] {
  return db
    .prepare(
      `SELECT f.source_id AS sourceId, s.name, f.url, f.size FROM sync_files f JOIN sources s ON s.id = f.source_id
       WHERE f.sha256 = ? ORDER BY s.removed_at IS NOT NULL, f.source_id, f.url`,
    )
    .all(sha256) as { sourceId: number; name: string; url: string; size: number }[];
}

/** The package paths the meetings holding this file were imported from, the latest import first. */
function packageOrigins(db: Database.Database, sha256: string): string[] {
  return db
    .prepare(
      `SELECT i.origin FROM imports i JOIN sources s ON s.id = i.source_id
       WHERE s.key = ? AND i.meeting_id IN (
         SELECT l_i.meeting_id FROM document_versions v
         JOIN agenda_item_documents l ON l.document_id = v.document_id JOIN agenda_items l_i ON l_i.id = l.agenda_item_id
         WHERE v.sha256 = ?)
       GROUP BY i.origin ORDER BY max(i.id) DESC`,
    )
    .pluck()
    .all(LOCAL_SOURCE_KEY, sha256) as string[];
}

/** A package as the user knows it: its path, or for one picked in the app its own file name (uploads/ holds it under a random prefix). */
function displayName(origin: string, uploadsDir: string): string {
  // Under uploads/<core>/ (store-lock.ts: this core's, or another's that took it), or uploads/ itself (before).
  const uploads = path.dirname(uploadsDir);
  if (path.dirname(origin) === uploads || path.dirname(path.dirname(origin)) === uploads) return path.basename(origin).replace(/^[0-9a-f]{16}-/, '');
  return origin;
}
