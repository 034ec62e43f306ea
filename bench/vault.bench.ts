// npm run bench:vault — what encryption at rest costs.
//
// Builds an unencrypted store (the sample meetings plus one long document of
// BENCH_PAGES pages, default 2000) and prints: the time to encrypt it (the
// databases rewritten, then the PDFs), the time to unlock it with an app
// password (scrypt and opening), and searching and reading a document in the
// same store unencrypted and encrypted (median of many runs). The real
// cipher build, on this machine's disk.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Core } from '../electron/core/index.ts';
import { openSession, type Session } from '../electron/core/open-session.ts';
import { writeLongPackage } from './lib/long-package.ts';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const PAGES = Number(process.env.BENCH_PAGES ?? 2000);
const PASSWORD = 'een lang wachtwoord voor de bench';
const QUERIES = ['jeugdhulp', 'schuldhulpverlening nazorg', '"passend onderwijs"', 'rekenkamer aanbeveling', 'begroting -jeugd'];
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const ms = (n: number) => `${n.toFixed(1)} ms`;
const s = (n: number) => `${(n / 1000).toFixed(2)} s`;
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

function dirSize(dir: string): number {
  return (fs.readdirSync(dir, { recursive: true, withFileTypes: true }) as fs.Dirent[]).filter((e) => e.isFile()).reduce((sum, e) => sum + fs.statSync(path.join(e.parentPath, e.name)).size, 0);
}

/** Search p50 over the queries, and reading the long document, on an open store. */
async function readSpeed(core: Core, documentId: number): Promise<{ search: number; read: number }> {
  await core.searchIndexReady();
  const searches: number[] = [];
  for (let run = 0; run < 20; run++) {
    for (const text of QUERIES) {
      const start = performance.now();
      core.search({ query: text });
      searches.push(performance.now() - start);
    }
  }
  const reads: number[] = [];
  for (let run = 0; run < 9; run++) {
    const start = performance.now();
    core.documentFile(documentId).read();
    reads.push(performance.now() - start);
  }
  return { search: median(searches), read: median(reads) };
}

async function main(): Promise<void> {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'raadsmap-bench-vault-'));
  const dataDir = path.join(work, 'data');
  const sessions: Session[] = [];
  try {
    const longDir = path.join(work, 'long');
    await writeLongPackage(longDir, PAGES);
    const sampleDir = path.join(repo, 'resources', 'sample');
    const packages = [...fs.readdirSync(sampleDir).map((n) => path.join(sampleDir, n)).sort(), longDir];

    const plain = openSession({ dataDir });
    sessions.push(plain);
    await plain.setupVault({ encrypt: false });
    await plain.core().importPackages({ paths: packages });
    const doctor = await plain.core().doctor({});
    const longDoc = plain
      .core()
      .listMeetings({})
      .flatMap((m) => plain.core().getMeeting({ meetingId: m.id }).agenda.flatMap(function all(i): { id: number; pageCount: number }[] {
        return [...i.documents, ...i.children.flatMap(all)];
      }))
      .sort((a, b) => b.pageCount - a.pageCount)[0]!;
    const plainSpeed = await readSpeed(plain.core(), longDoc.id);
    console.log(`store: ${doctor.counts.meetings} meetings, ${doctor.counts.pages} pages, ${doctor.counts.files} PDFs; ${mb(dirSize(dataDir))} on disk (long document: ${longDoc.pageCount} pages)`);

    // Encrypt it: the databases, then the PDFs (their progress phases tell them apart).
    let filesStart = 0;
    const start = performance.now();
    await plain.setupVault(
      { encrypt: true, passphrase: PASSWORD },
      {
        onProgress: (p) => {
          if (p.phase === 'encrypt-files' && !filesStart) filesStart = performance.now();
        },
      },
    );
    const end = performance.now();
    const encryptedSpeed = await readSpeed(plain.core(), longDoc.id);
    await plain.close();
    console.log(`encrypt the store: ${s(end - start)} (databases ${s((filesStart || end) - start)}, PDFs ${s(filesStart ? end - filesStart : 0)}); ${mb(dirSize(dataDir))} on disk after`);

    const unlocks: number[] = [];
    for (let run = 0; run < 3; run++) {
      const session = openSession({ dataDir });
      sessions.push(session);
      const t0 = performance.now();
      await session.unlockVault({ passphrase: PASSWORD });
      unlocks.push(performance.now() - t0);
      await session.close();
    }
    console.log(`unlock with the app password (scrypt N=2^17, r=8, then open): ${ms(median(unlocks))} (median of 3)`);
    console.log(`search p50 over ${QUERIES.length} queries × 20: unencrypted ${ms(plainSpeed.search)}, encrypted ${ms(encryptedSpeed.search)}`);
    console.log(`read the ${longDoc.pageCount}-page PDF for the reader: unencrypted ${ms(plainSpeed.read)}, encrypted ${ms(encryptedSpeed.read)} (median of 9)`);
  } finally {
    for (const session of sessions) await session.close().catch(() => {});
    fs.rmSync(work, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
