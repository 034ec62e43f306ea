// Saves a file the core made (a motion as DOCX/PDF, an annotated PDF, a
// fractiebundel, my data) into the user's downloads. The desktop app writes
// it there itself and can then open it or show it in its folder; a browser
// gets it fetched from the host by its export id (with the headers the host
// needs) and handed over as a blob link with a download name, and shows it
// in its own downloads.
import type { ExportedFile, Result } from '../../../shared/api.ts';
import type { RaadsmapClient } from '../../../shared/client-api.ts';
import type { MessageId } from '../i18n/messages.ts';
import { toast } from '../ui/Toast.tsx';

/** A saved export: its name, and on the desktop the id that opens it. */
export interface SavedFile {
  fileName: string;
  savedId?: string;
}

export async function saveExport(client: Pick<RaadsmapClient, 'exportSource' | 'saveExportToDisk'>, file: ExportedFile): Promise<Result<SavedFile>> {
  if (client.saveExportToDisk) return client.saveExportToDisk(file.exportId);
  return download(client, file);
}

/**
 * Says the export is saved: on the desktop with "Openen" and "Toon in map",
 * in a browser that it was downloaded (the browser's own bar opens it).
 */
export function announceSaved(
  client: Pick<RaadsmapClient, 'revealSaved'>,
  saved: SavedFile,
  t: (id: MessageId, values?: Record<string, string | number>) => string,
  message: (info: { nl: string; en: string }) => string,
  description?: string,
): void {
  const { savedId } = saved;
  const reveal = client.revealSaved;
  const act = (how: 'open' | 'folder') => async () => {
    const result = await reveal!(savedId!, how);
    if (!result.ok) toast({ tone: 'danger', title: message(result.error), ...(result.error.subject ? { description: result.error.subject } : {}) });
  };
  toast({
    tone: 'success',
    title: t(savedId && reveal ? 'export.savedToDownloads' : 'export.downloaded', { file: saved.fileName }),
    ...(description ? { description } : {}),
    ...(savedId && reveal
      ? {
          actions: [
            { label: t('export.open'), onAction: () => void act('open')() },
            { label: t('export.showInFolder'), onAction: () => void act('folder')() },
          ],
        }
      : {}),
  });
}

async function download(client: Pick<RaadsmapClient, 'exportSource'>, file: ExportedFile): Promise<Result<SavedFile>> {
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
