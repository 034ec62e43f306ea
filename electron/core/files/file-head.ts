import fs from 'node:fs';

/** Whether a file begins with these bytes (a format's magic), reading only that much of it. */
export function fileStartsWith(file: string, magic: Buffer): boolean {
  const head = Buffer.alloc(magic.length);
  const fd = fs.openSync(file, 'r');
  try {
    return fs.readSync(fd, head, 0, head.length, 0) === head.length && head.equals(magic);
  } finally {
    fs.closeSync(fd);
  }
}
