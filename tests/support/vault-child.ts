// A Raadsmap process that makes a new recovery code and then waits: the
// recovery-code tests kill it (SIGKILL) around the commit point of that
// rewrite, as a crash or a closed laptop would. It prints the code only once
// the call returned, the moment a host would show it.
//   node --import tsx tests/support/vault-child.ts DATA_DIR PASSPHRASE
import { openSession } from '../../electron/core/open-session.ts';

const [dataDir, passphrase] = process.argv.slice(2);
const session = openSession({ dataDir: dataDir!, extractionThreads: 1 });
await session.unlockVault({ passphrase: passphrase! });
const { recoveryCode } = await session.newRecoveryCode();
process.stdout.write(`${recoveryCode}\n`);
setInterval(() => {}, 1000);
