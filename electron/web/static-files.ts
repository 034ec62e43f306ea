// Maps a request path to a file of the built renderer, refusing anything
// that could leave the folder: `..` and `.` segments (also %2e%2e), encoded
// slashes and backslashes, NUL bytes, hidden files and symlinks pointing out.
import fs from 'node:fs';
import path from 'node:path';

export type StaticLookup =
  | { kind: 'file'; filePath: string; contentType: string; size: number }
  | { kind: 'forbidden' }
  | { kind: 'not-found' };

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
  '.bcmap': 'application/octet-stream',
  '.pdf': 'application/pdf',
};

export function contentTypeOf(filePath: string): string {
  return CONTENT_TYPES[path.extname(filePath).toLowerCase()] ?? 'application/octet-stream';
}

/**
 * @param root     absolute folder of the built renderer
 * @param rawPath  the request path as sent (before any decoding), without query
 */
export function lookupStaticFile(root: string, rawPath: string): StaticLookup {
  const segments: string[] = [];
  for (const raw of rawPath.split('/')) {
    if (raw === '') continue;
    let segment: string;
    try {
      segment = decodeURIComponent(raw);
    } catch {
      return { kind: 'forbidden' };
    }
    // A leading dot covers '.', '..' and hidden files (.git, .env).
    if (segment.startsWith('.') || /[/\\\0]/.test(segment)) return { kind: 'forbidden' };
    segments.push(segment);
  }

  const rootDir = path.resolve(root);
  const candidate = path.resolve(rootDir, ...segments);
  if (!isInside(rootDir, candidate)) return { kind: 'forbidden' };

  const found = existingFile(rootDir, candidate) ?? existingFile(rootDir, path.join(candidate, 'index.html'));
  if (found) return found;
  // Paths without an extension are app routes: the app's index.html answers.
  // A missing asset (with an extension) is a real 404.
  if (path.extname(candidate) === '') return existingFile(rootDir, path.join(rootDir, 'index.html')) ?? { kind: 'not-found' };
  return { kind: 'not-found' };
}

function existingFile(rootDir: string, filePath: string): StaticLookup | undefined {
  let stat: fs.Stats;
  let realPath: string;
  try {
    stat = fs.statSync(filePath);
    realPath = fs.realpathSync(filePath);
  } catch {
    return undefined;
  }
  if (!stat.isFile()) return undefined;
  // A symlink inside the folder must not lead outside it.
  if (!isInside(fs.realpathSync(rootDir), realPath)) return { kind: 'forbidden' };
  return { kind: 'file', filePath: realPath, contentType: contentTypeOf(realPath), size: stat.size };
}

function isInside(dir: string, target: string): boolean {
  return target === dir || target.startsWith(dir + path.sep);
}
