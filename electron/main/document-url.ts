// The reader's URLs for documents in the Electron window. No imports: the
// preload uses this, and bundles nothing it does not need.
export const DOCUMENT_SCHEME = 'raadsmap-document';

export function documentUrl(documentId: number, versionId?: number): string {
  return `${DOCUMENT_SCHEME}://document/${documentId}${versionId === undefined ? '' : `?version=${versionId}`}`;
}

/** A file the core made for the user to save (exportMotion, exportPersonal), by its random id. */
export function exportUrl(exportId: string): string {
  return `${DOCUMENT_SCHEME}://export/${exportId}`;
}
