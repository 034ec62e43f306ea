// `node --import ./tests/support/peak-rss.mjs …`: when the process exits,
// writes the kernel's high-water mark of its resident set (VmHWM, Linux), in
// kB, to the file named by RAADSMAP_PEAK_RSS_FILE, so a test can see how much
// memory a command took at its worst, its threads included.
import fs from 'node:fs';

const file = process.env.RAADSMAP_PEAK_RSS_FILE;
if (file) {
  process.on('exit', () => {
    const kb = /^VmHWM:\s+(\d+) kB/m.exec(fs.readFileSync('/proc/self/status', 'utf8'))?.[1];
    if (kb) fs.writeFileSync(file, kb);
  });
}
