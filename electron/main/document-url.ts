// The reader's URLs for documents in the Electron window. No imports: the
// preload uses this, and bundles nothing it does not need.
export const DOCUMENT_SCHEME = 'raadsmap-document';

export function documentUrl(documentId: number, versionId?: number): string {
  return `${DOCUMENT_SCHEME}://document/${documentId}${versionId === undefined ? '' : `?version=${versionId}`}`;
}
