// What the renderer sees of a host: one function per call of shared/api.ts,
// each resolving to the Result envelope (never throwing), plus push events.
// The Electron preload and the web client in renderer/ both implement it, so
// the renderer never knows which host it has.
import type { CallInput, CallName, CallOutputs, CoreEvent, HandedPackage, Result } from './api.ts';

export type RaadsmapCalls = { [C in CallName]: (input: CallInput<C>) => Promise<Result<CallOutputs[C]>> };

/**
 * Every call by name, without the schemas: what the preload and the web
 * client turn into one function each (the preload must not bundle zod).
 * The type below fails to compile when a call of api.ts is missing here.
 */
export const CALL_NAMES = [
  'listMeetings',
  'getMeeting',
  'newSinceLastVisit',
  'importPackages',
  'cancelTask',
  'doctor',
  'storeNotices',
  'getSettings',
  'updateSettings',
  'getDocument',
  'setRead',
  'setReadingPosition',
  'listChanges',
  'markDocumentSeen',
  'pruneVersions',
  'search',
  'suggest',
  'searchStatus',
  'listSavedSearches',
  'saveSearch',
  'deleteSavedSearch',
  'markAlertsSeen',
  'listAnnotations',
  'createAnnotation',
  'updateAnnotation',
  'reattachAnnotation',
  'deleteAnnotation',
  'getAgendaNote',
  'saveAgendaNote',
  'listMotionDrafts',
  'getMotionDraft',
  'createMotionDraft',
  'saveMotionDraft',
  'restoreMotionRevision',
  'deleteMotionDraft',
  'exportMotion',
  'meetingOverview',
  'exportPersonal',
  'importPersonal',
  'listBackups',
  'createBackup',
  'restoreBackup',
  'exportAnnotatedPdf',
  'exportBundle',
  'listSources',
  'addSource',
  'checkSource',
  'removeSource',
  'syncSources',
  'vaultStatus',
  'setupVault',
  'unlockVault',
  'lockVault',
  'setAppLock',
  'newRecoveryCode',
  'pendingRecoveryCode',
  'confirmRecoveryCode',
  'setAsideStore',
] as const satisfies readonly CallName[];
type Missing = Exclude<CallName, (typeof CALL_NAMES)[number]>;
const complete: Missing extends never ? true : Missing = true;
void complete;

/** One function per call, each made by `make`. */
export function callsFrom(make: (name: CallName) => (input: never) => Promise<Result<unknown>>): RaadsmapCalls {
  return Object.fromEntries(CALL_NAMES.map((name) => [name, make(name)])) as RaadsmapCalls;
}

export interface RaadsmapClient extends RaadsmapCalls {
  /**
   * Where the reader loads a document's PDF from: a URL that only the app's
   * host answers (by document id, never by path), with the headers it needs.
   */
  documentSource(documentId: number): { url: string; httpHeaders?: Record<string, string> };
  /** Where a file the core made for the user (exportMotion, exportPersonal) is fetched from, by its id. */
  exportSource(exportId: string): { url: string; httpHeaders?: Record<string, string> };
  /**
   * Hands a package file the user picked or dropped (a .zip) to the host,
   * which keeps it in the data dir (within a quota: `upload.quota` when too
   * much waits already) until it is imported; resolves to the handle to pass
   * to importPackages.
   */
  uploadPackage(file: File): Promise<Result<HandedPackage>>;
  /**
   * Desktop only: the app's own file dialog for packages, which the host
   * reads where they are (no copy); resolves to a handle for each package
   * chosen, none when the dialog was cancelled.
   */
  choosePackages?(): Promise<Result<HandedPackage[]>>;
  /**
   * Desktop only: saves a file the core made into the user's Downloads folder
   * (a browser downloads it itself, see renderer/src/api/download.ts).
   */
  saveExportToDisk?(exportId: string): Promise<Result<SavedExport>>;
  /** Desktop only: opens a file saved by saveExportToDisk, or shows it in its folder. */
  revealSaved?(savedId: string, how: 'open' | 'folder'): Promise<Result<null>>;
  /** Subscribes to core events (progress, library changed); returns the unsubscribe function. */
  onEvent(listener: (event: CoreEvent) => void): () => void;
}

/** A file the desktop app saved for the user: its name, and the id that opens it again (never a path). */
export interface SavedExport {
  savedId: string;
  fileName: string;
}
