import zlib from 'node:zlib';

// A zip written byte by byte, so a test can make any zip an attacker could:
// names no zip library would write (`../`, control characters, duplicates),
// symlink modes, encryption flags, unknown methods, sizes that lie.

export interface RawEntry {
  /** As stored: a string is written as UTF-8 (with the UTF-8 flag). */
  name: string | Buffer;
  data?: Buffer | string;
  /** Deflate (method 8) instead of store (method 0). */
  deflate?: boolean;
  /** Another method number in the headers (the data is stored as given). */
  method?: number;
  /** Unix mode in the external attributes, e.g. 0o120777 for a symlink. */
  mode?: number;
  /** Extra general purpose flags, e.g. 0x1 (encrypted). */
  flags?: number;
  /** The uncompressed size the headers declare, instead of the real one. */
  declaredSize?: number;
}

export function rawZip(entries: RawEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = typeof entry.name === 'string' ? Buffer.from(entry.name, 'utf8') : entry.name;
    const raw = Buffer.from(entry.data ?? '');
    const body = entry.deflate ? zlib.deflateRawSync(raw) : raw;
    const method = entry.method ?? (entry.deflate ? 8 : 0);
    const flags = (typeof entry.name === 'string' ? 0x800 : 0) | (entry.flags ?? 0);
    const crc = zlib.crc32(raw);
    const size = entry.declaredSize ?? raw.length;
    // The fields both headers carry, from the flags on (offset 6 in the local header, 8 in the central one).
    const common = (header: Buffer, at: number) => {
      header.writeUInt16LE(flags, at);
      header.writeUInt16LE(method, at + 2);
      header.writeUInt32LE(crc, at + 8);
      header.writeUInt32LE(body.length, at + 12);
      header.writeUInt32LE(size, at + 16);
      header.writeUInt16LE(name.length, at + 20);
    };
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    common(local, 6);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE((3 << 8) | 20, 4); // made by Unix: the mode counts
    central.writeUInt16LE(20, 6);
    common(central, 8);
    central.writeUInt32LE(((entry.mode ?? 0o100644) << 16) >>> 0, 38);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, body);
    centrals.push(central, name);
    offset += local.length + name.length + body.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}
