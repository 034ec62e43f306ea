// A child process for the tests of many processes on one store
// (tests/core/processes.test.ts), run with `node --import tsx`:
//
//   hold <dataDir> writer <task> | rekey   takes a lock as a running import/sync/rewrite would, says `held`,
//                                          and keeps it until killed or stdin closes
//   open <dataDir>                         opens a core (as the app does) and keeps it open likewise
//   write-notes <dataDir> <documentId>     opens a core and makes one note after another, saying `ack <n>` for
//                                          each one saved, until a `stop` line on stdin; then closes the core
//
// Each writes lines on stdout; errors as `error <code> <message>`.
import readline from 'node:readline';
import { createCore } from '../../electron/core/index.ts';
import { acquireWriterLock, holdRekeyLock, type WriterTask } from '../../electron/core/store-lock.ts';
import { isRaadsmapError } from '../../shared/errors.ts';

const [role, dataDir, arg] = process.argv.slice(2) as [string, string, string | undefined];
const say = (line: string) => process.stdout.write(`${line}\n`);
const stdinLines = readline.createInterface({ input: process.stdin });
const stdinClosed = new Promise<void>((resolve) => stdinLines.once('close', resolve));

function errorLine(error: unknown): string {
  return isRaadsmapError(error) ? `error ${error.code} ${error.en}` : `error raw ${String(error)}`;
}

if (role === 'hold') {
  const lock = arg === 'rekey' ? holdRekeyLock(dataDir) : await acquireWriterLock(dataDir, process.argv[5] as WriterTask);
  say('held');
  await stdinClosed;
  lock.release();
} else if (role === 'open') {
  const core = createCore({ dataDir, extractionThreads: 1 });
  say(`open ${core.dataDir}`);
  await stdinClosed;
  await core.close();
} else if (role === 'write-notes') {
  const core = createCore({ dataDir, extractionThreads: 1 });
  core.onEvent((event) => {
    if (event.type === 'library-changed') say('event library-changed');
  });
  let stop = false;
  stdinLines.on('line', (line) => (stop ||= line === 'stop'));
  void stdinClosed.then(() => (stop = true));
  say('ready');
  for (let n = 1; !stop; n++) {
    try {
      await core.createAnnotation({ kind: 'note', documentId: Number(arg), page: 1, point: { x: 10, y: 10 }, note: `w-${n}` });
      say(`ack ${n}`);
    } catch (error) {
      say(errorLine(error));
    }
    // Between writes: stdin is read, and other processes get the lock as they would beside a user typing.
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  // What this (long-lived) process sees now: the restored backup's own note, next to its newest writes.
  say(`sees ${core.listAnnotations({}).map((a) => a.note).join(',')}`);
  await core.close();
  say('closed');
}
stdinLines.close();
