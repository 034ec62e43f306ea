// Several `raadsmap` commands in one process, one after another, each run as
// bin/raadsmap.mjs runs it (runCli with its arguments, from the sources; stdout and stderr the
// process's own pipes): for suites with many CLI cases, which would otherwise
// pay a process start for each. The commands come as a JSON file of
// argument lists; after each, a line on stdout and on stderr marks its end,
// its exit code and how long it took (tests/support/cli-batch.ts reads them).
import fs from 'node:fs';
import { runCli } from '../../electron/cli/main.ts';

const commands = JSON.parse(fs.readFileSync(process.argv[2]!, 'utf8')) as string[][];
const write = (stream: NodeJS.WriteStream, text: string) => new Promise((resolve) => stream.write(text, resolve));
for (const [index, argv] of commands.entries()) {
  const started = performance.now();
  const code = await runCli(argv);
  const end = `\n<<raadsmap-batch ${index} ${code} ${Math.round(performance.now() - started)}>>\n`;
  await write(process.stdout, end);
  await write(process.stderr, end);
}
