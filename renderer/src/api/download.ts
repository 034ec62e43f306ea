// Saves a file the core made (a motion as DOCX/PDF, a personal export) into
// the user's downloads: fetched from the host by its export id (with the
// headers the host needs), then handed to the browser as a blob link with a
// download name. Works the same in Chromium over the web host and in Electron.
import type { ExportedFile, Result } from '../../../shared/api.ts';
import type { RaadsmapClient } from '../../../shared/client-api.ts';

export async function saveExport(client: Pick<RaadsmapClient, 'exportSource'>, file: ExportedFile): Promise<Result<{ fileName: string }>> {
  const source = client.exportSource(file.exportId);
  let blob: Blob;
  try {
    const response = await fetch(source.url, { headers: source.httpHeaders ?? {} });
    if (!response.ok) return failed(`HTTP ${response.status}`);
    blob = await response.blob();
  } catch (error) {
    return failed(error instanceof Error ? error.message : String(error));
  }
  const url = URL.createObjectURL(blob.type ? blob : new Blob([blob], { type: file.mimeType }));
  const link = document.createElement('a');
  link.href = url;
  link.download = file.fileName;
  link.hidden = true;
  document.body.append(link);
  try {
    link.click();
  } finally {
    link.remove();
    // The download has taken its copy by the time the next task runs; a minute is ample.
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
  }
  return { ok: true, value: { fileName: file.fileName } };
}

function failed(detail: string): Result<never> {
  return {
    ok: false,
    error: {
      code: 'export.download-failed',
      nl: 'Het bestand kon niet worden opgeslagen. Probeer het opnieuw; lukt het dan nog niet, start Raadsmap opnieuw.',
      en: 'The file could not be saved. Try again; if that does not help, restart Raadsmap.',
      // The technical reason, for "Details".
      subject: detail,
    },
  };
}
