import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { RaadsmapError } from '../../shared/errors.ts';
import { documentUrl, exportUrl, handleDocumentRequest, parseDocumentUrl } from '../../electron/main/document-protocol.ts';
import { tempDir } from '../support/temp-dir.ts';

// The Electron document protocol: PDFs by document id, nothing else.

function fakeCore() {
  const dir = tempDir();
  const file = path.join(dir, 'doc.pdf');
  fs.writeFileSync(file, '%PDF-1.7 test');
  return {
    documentFile: vi.fn((documentId: number, versionId?: number) => {
      if (documentId !== 7 || (versionId !== undefined && versionId !== 3)) {
        throw new RaadsmapError({ code: 'not-found.document', nl: 'Niet gevonden', en: 'Not found' });
      }
      return { path: file, size: fs.statSync(file).size, sha256: 'x'.repeat(64), read: () => fs.readFileSync(file) };
    }),
    exportFile: vi.fn((exportId: string) => {
      if (exportId !== 'a'.repeat(32)) throw new RaadsmapError({ code: 'not-found.export', nl: 'Niet gevonden', en: 'Not found' });
      return { bytes: fs.readFileSync(file), fileName: 'Motie wachtlijsten.docx', mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', size: fs.statSync(file).size };
    }),
  };
}

describe('the document protocol', () => {
  it('builds and parses document URLs', () => {
    expect(documentUrl(7)).toBe('raadsmap-document://document/7');
    expect(parseDocumentUrl(documentUrl(7))).toEqual({ documentId: 7 });
    expect(parseDocumentUrl(documentUrl(7, 3))).toEqual({ documentId: 7, versionId: 3 });
  });

  it('refuses anything that is not exactly a document id', () => {
    for (const url of [
      'raadsmap-document://document/../../etc/passwd',
      'raadsmap-document://document/%2e%2e%2fetc%2fpasswd',
      'raadsmap-document://document//etc/passwd',
      'raadsmap-document://document/7/../8',
      'raadsmap-document://document/07',
      'raadsmap-document://document/-1',
      'raadsmap-document://document/1e3',
      'raadsmap-document://document/7?path=/etc/passwd',
      'raadsmap-document://document/7?version=../1',
      'raadsmap-document://file/7',
      'raadsmap-document://user:pw@document/7',
      'raadsmap-document://document:8080/7',
      'file:///etc/passwd',
      'https://example.org/document/7',
      'javascript:alert(1)',
      'not a url',
    ]) {
      expect(parseDocumentUrl(url), url).toBeNull();
    }
  });

  it('serves the PDF inline with nosniff, and says 400/404/405 otherwise', async () => {
    const core = fakeCore();
    const ok = handleDocumentRequest(core, { url: 'raadsmap-document://document/7', method: 'GET' });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toBe('application/pdf');
    expect(ok.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await ok.text()).toBe('%PDF-1.7 test');
    expect(handleDocumentRequest(core, { url: 'raadsmap-document://document/7?version=3', method: 'GET' }).status).toBe(200);
    expect(handleDocumentRequest(core, { url: 'raadsmap-document://document/8', method: 'GET' }).status).toBe(404);
    expect(handleDocumentRequest(core, { url: 'raadsmap-document://document/7?version=4', method: 'GET' }).status).toBe(404);
    expect(handleDocumentRequest(core, { url: 'raadsmap-document://document/../x', method: 'GET' }).status).toBe(400);
    expect(handleDocumentRequest(core, { url: 'raadsmap-document://document/7', method: 'POST' }).status).toBe(405);
    // The four well-formed URLs reached the core; the malformed one and the POST did not.
    expect(core.documentFile).toHaveBeenCalledTimes(4);
  });

  it('serves a file made for the user as a download, by its random id only', async () => {
    const core = fakeCore();
    const ok = handleDocumentRequest(core, { url: exportUrl('a'.repeat(32)), method: 'GET' });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-disposition')).toBe("attachment; filename*=UTF-8''Motie%20wachtlijsten.docx");
    expect(ok.headers.get('content-type')).toMatch(/wordprocessingml/);
    expect(handleDocumentRequest(core, { url: exportUrl('b'.repeat(32)), method: 'GET' }).status).toBe(404);
    for (const url of ['raadsmap-document://export/../../etc', 'raadsmap-document://export/AAAA', `raadsmap-document://export/${'a'.repeat(32)}/x`]) {
      expect(handleDocumentRequest(core, { url, method: 'GET' }).status, url).toBe(400);
    }
    expect(core.exportFile).toHaveBeenCalledTimes(2);
  });
});
