// Downloads a remote file into a temp file that survives a crash: the next
// attempt (or the next sync, after a kill) asks only for the missing bytes
// (Range), then the whole file is checked against the size and checksum the
// API gave. Only a verified file is moved to its target; a mismatch removes
// the temp file so the next try starts clean. What is not a PDF (a login page,
// a Word file) is refused by its first bytes, whatever its content type says.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { HttpClient } from './http-client.ts';
import { RetryableError } from './http-client.ts';

export interface RemoteFile {
  url: string;
  /** For messages: the document's title. */
  title: string;
  size?: number | undefined;
  /** Hex digests as the API gives them. */
  sha512?: string | undefined;
  sha1?: string | undefined;
  /** The API did not say it is a PDF (no type, no .pdf name): kept only if its bytes are one. */
  sniff?: boolean | undefined;
}

export interface Downloaded {
  sha256: string;
  size: number;
  /** Bytes that came over the network this time (less than size after a resume). */
  transferred: number;
}

/** Code of the error for a file whose bytes are not a PDF. */
export const NOT_PDF = 'sync.not-pdf';

/** The temp file of a URL: one per URL and expected content, so a changed file never resumes an old one. */
export function partPath(partDir: string, file: RemoteFile): string {
  const id = crypto.createHash('sha256').update(`${file.url}\n${file.size ?? ''}\n${file.sha512 ?? file.sha1 ?? ''}`).digest('hex').slice(0, 32);
  return path.join(partDir, `${id}.part`);
}

export async function downloadFile(http: HttpClient, file: RemoteFile, target: string, partDir: string, signal?: AbortSignal): Promise<Downloaded> {
  await fs.promises.mkdir(partDir, { recursive: true });
  const part = partPath(partDir, file);
  const what = { nl: `bestand "${file.title}"`, en: `file "${file.title}"` };
  let transferred = 0;
  let verifiedOnce = false;
  const notPdf = () => http.error(NOT_PDF, file.url, what, 'is geen PDF (het begint niet met %PDF)', 'is not a PDF (it does not start with %PDF)');
  for (;;) {
    // Complete already (a sync killed between the last byte and the rename): no request at all.
    const complete = file.size !== undefined && file.size > 0 && sizeOf(part) === file.size;
    if (!complete) await http.get(
      file.url,
      {
        signal,
        // Servers label PDFs every which way (octet-stream, "download", none): the first bytes decide.
        accept: null,
        what,
        // The bytes as stored: a Range then counts in them, and Content-Length is their length.
        headers: (): Record<string, string> => {
          const have = sizeOf(part);
          return have > 0 ? { 'accept-encoding': 'identity', range: `bytes=${have}-` } : { 'accept-encoding': 'identity' };
        },
      },
      async (response, body) => {
        const have = sizeOf(part);
        // 206: the rest of the file; 200: the server ignores ranges, start over.
        const append = response.status === 206 && have > 0 && contentRangeStart(response.headers.get('content-range')) === have;
        // A server that compresses anyway: Content-Length is then the compressed length, not ours.
        const encoded = !/^(identity)?$/i.test((response.headers.get('content-encoding') ?? '').trim());
        const expectedLength = encoded ? NaN : Number(response.headers.get('content-length') ?? NaN);
        const handle = await fs.promises.open(part, append ? 'a' : 'w');
        let received = 0;
        // The first KiB of a file from its start: no PDF header there, and the rest is not read.
        let head: Buffer | null = append ? null : Buffer.alloc(0);
        try {
          for await (const chunk of body) {
            await handle.write(chunk);
            received += chunk.length;
            transferred += chunk.length;
            if (head && head.length < PDF_HEADER_WITHIN) {
              head = Buffer.concat([head, chunk]);
              if (head.length >= PDF_HEADER_WITHIN && !isPdfHead(head)) break;
            }
          }
          await handle.sync();
        } finally {
          await handle.close();
        }
        if (head && !isPdfHead(head)) {
          await fs.promises.rm(part, { force: true });
          throw notPdf();
        }
        if (Number.isFinite(expectedLength) && received < expectedLength) throw new RetryableError(`${received} van ${expectedLength} bytes`);
      },
    );
    const check = await verify(part, file);
    if (check.ok && !startsAsPdf(part)) {
      await fs.promises.rm(part, { force: true });
      throw notPdf();
    }
    if (check.ok) {
      await fs.promises.mkdir(path.dirname(target), { recursive: true });
      await fs.promises.rename(part, target);
      return { sha256: check.sha256, size: check.size, transferred };
    }
    await fs.promises.rm(part, { force: true });
    // A resumed part may have been the problem: one clean download before giving up.
    if (verifiedOnce) throw http.error('sync.checksum-mismatch', file.url, what, check.nl, check.en);
    verifiedOnce = true;
  }
}

async function verify(part: string, file: RemoteFile): Promise<{ ok: true; sha256: string; size: number } | { ok: false; nl: string; en: string }> {
  const size = sizeOf(part);
  if (file.size !== undefined && size !== file.size) {
    return { ok: false, nl: `is ${size} bytes groot, de bron noemt ${file.size}`, en: `is ${size} bytes, the source says ${file.size}` };
  }
  const sha256 = crypto.createHash('sha256');
  const sha512 = file.sha512 ? crypto.createHash('sha512') : undefined;
  const sha1 = file.sha1 && !file.sha512 ? crypto.createHash('sha1') : undefined;
  for await (const chunk of fs.createReadStream(part) as AsyncIterable<Buffer>) {
    sha256.update(chunk);
    sha512?.update(chunk);
    sha1?.update(chunk);
  }
  if (sha512 && sha512.digest('hex') !== file.sha512!.toLowerCase()) {
    return { ok: false, nl: 'heeft een andere sha512-controlesom dan de bron opgeeft', en: 'has a different sha512 checksum than the source gives' };
  }
  if (sha1 && sha1.digest('hex') !== file.sha1!.toLowerCase()) {
    return { ok: false, nl: 'heeft een andere sha1-controlesom dan de bron opgeeft', en: 'has a different sha1 checksum than the source gives' };
  }
  return { ok: true, sha256: sha256.digest('hex'), size };
}

/** Readers look for the PDF header this far into a file. */
const PDF_HEADER_WITHIN = 1024;

const isPdfHead = (head: Buffer) => head.subarray(0, PDF_HEADER_WITHIN).includes('%PDF-');

function startsAsPdf(file: string): boolean {
  const head = Buffer.alloc(PDF_HEADER_WITHIN);
  const fd = fs.openSync(file, 'r');
  try {
    return isPdfHead(head.subarray(0, fs.readSync(fd, head, 0, head.length, 0)));
  } finally {
    fs.closeSync(fd);
  }
}

function sizeOf(file: string): number {
  try {
    return fs.statSync(file).size;
  } catch {
    return 0;
  }
}

function contentRangeStart(value: string | null): number | null {
  const match = /^bytes (\d+)-/.exec(value ?? '');
  return match ? Number(match[1]) : null;
}
