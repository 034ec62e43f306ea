// The fault drill's own Raadsmap processes, for what the CLI does not do:
// a stream of private writes that says which were acknowledged, and turning
// encryption on. Each runs the real core and is killed (SIGKILL) by the
// drill at a random moment.
//   node --import tsx tests/faults/drill-child.ts writes DATA_DIR MEETING_ID
//   node --import tsx tests/faults/drill-child.ts encrypt DATA_DIR PASSPHRASE
import { createCore } from '../../electron/core/index.ts';
import { openSession } from '../../electron/core/open-session.ts';

const [task, dataDir, arg] = process.argv.slice(2) as [string, string, string];

if (task === 'writes') {
  // Drafts, agenda notes and saved searches, each printed once the call returned: an acknowledged write.
  const core = createCore({ dataDir, extractionThreads: 1 });
  const meetingId = Number(arg);
  const items = core.getMeeting({ meetingId }).agenda.flatMap((i) => [i, ...i.children]);
  for (let n = 0; ; n++) {
    const marker = `ack-${process.pid}-${n}`;
    if (n % 3 === 0) {
      const draft = core.createMotionDraft({ kind: 'motie', meetingId });
      core.saveMotionDraft({ draftId: draft.id, content: { ...draft.content, title: marker }, checkpoint: n % 2 === 0 });
    } else if (n % 3 === 1) {
      core.saveAgendaNote({ agendaItemId: items[n % items.length]!.id, body: marker });
    } else {
      core.saveSearch({ name: marker, query: 'jeugdhulp' });
    }
    process.stdout.write(`${marker}\n`);
    await new Promise((r) => setImmediate(r));
  }
} else if (task === 'encrypt') {
  const session = openSession({ dataDir, extractionThreads: 1 });
  const { recoveryCode } = await session.setupVault({ encrypt: true, passphrase: arg });
  process.stdout.write(`${recoveryCode}\n`);
  await session.close();
} else {
  throw new Error(`unknown task ${task}`);
}
