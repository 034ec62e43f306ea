// npm run bench:sync — meetings/s and MB/s of a sync from a local OParl 1.1
// server over loopback: 50 meetings (the sample meetings of Zwolle repeated
// with their own PDF bytes, so every file is downloaded and read), on a fresh
// data dir and core.
//
//   first        everything: lists, downloads (4 at a time), text extraction
//                (both cores), one transaction per meeting
//   unchanged    a second sync with nothing changed (lists with modified_since)
//   incremental  a third sync after 5 meetings got a changed PDF
//   transport    the same files fetched by the sync's HTTP client alone, to
//                separate the network path from extraction and writing
// The fixture server runs in this process (it only streams buffers).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createCore } from '../electron/core/index.ts';
import { HttpClient } from '../electron/core/sync/http-client.ts';
import { startFixtureServer } from '../tests/sync/fixture-server.ts';

const MEETINGS = Number(process.env.BENCH_MEETINGS ?? 50);
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'raadsmap-bench-sync-'));
const server = await startFixtureServer({ meetings: MEETINGS, pageSize: 20 });
const core = createCore({ dataDir: path.join(work, 'data') });
const mb = (bytes: number) => bytes / 1e6;
const rows: string[][] = [];

try {
  core.addSource({ kind: 'oparl', url: server.oparlUrl });
  const round = async (name: string) => {
    const start = performance.now();
    const [r] = await core.syncSources({});
    const seconds = (performance.now() - start) / 1000;
    if (!r || r.status !== 'ok') throw new Error(`${name}: ${JSON.stringify(r)}`);
    const meetings = r.meetingsCreated + r.meetingsUpdated;
    rows.push([
      name,
      `${seconds.toFixed(2)} s`,
      `${meetings} meetings`,
      `${(meetings / seconds).toFixed(1)} meetings/s`,
      `${r.filesDownloaded} files, ${mb(r.bytesDownloaded).toFixed(2)} MB transferred`,
      `${(mb(r.bytesDownloaded) / seconds).toFixed(2)} MB/s`,
      `${r.requests} requests`,
    ]);
    return r;
  };
  await round('first');
  await round('unchanged');
  for (let i = 0; i < 5; i++) {
    const paper = server.oparl.papers[i * 7]!;
    const fileId = String((paper.mainFile as { id: string }).id).split('/file/')[1]!;
    server.replaceFile(fileId, Buffer.concat([server.files.get(fileId)!, Buffer.from(`\n% versie 2 (${i})\n`)]));
  }
  await round('incremental');

  // Transport alone: every file once, 4 at a time, through the same client.
  const http = new HttpClient({ sourceName: { nl: 'bench', en: 'bench' } });
  const urls = server.oparl.papers.map((p) => (p.mainFile as { downloadUrl: string }).downloadUrl);
  const start = performance.now();
  let bytes = 0;
  const queue = [...urls];
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      for (let url = queue.shift(); url; url = queue.shift()) {
        // Read, then add: `bytes += await …` would add to a stale value under concurrency.
        const n = await http.get(url, { accept: null, what: { nl: 'bestand', en: 'file' } }, async (_r, body) => {
          let size = 0;
          for await (const chunk of body) size += chunk.length;
          return size;
        });
        bytes += n;
      }
    }),
  );
  const seconds = (performance.now() - start) / 1000;
  rows.push(['transport', `${seconds.toFixed(2)} s`, '', '', `${urls.length} files, ${mb(bytes).toFixed(2)} MB transferred`, `${(mb(bytes) / seconds).toFixed(1)} MB/s`, `${http.stats.requests} requests`]);

  const pages = (await core.doctor({})).counts.pages;
  process.stdout.write(`bench:sync — ${MEETINGS} OParl meetings over loopback (${pages} pages in the store), ${os.availableParallelism()} cores, Node ${process.version}\n`);
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  for (const r of rows) process.stdout.write(r.map((cell, i) => cell.padEnd(widths[i]!)).join('  ') + '\n');
} finally {
  await core.close();
  await server.close();
  fs.rmSync(work, { recursive: true, force: true });
}
