// The bridge between the sandboxed renderer and the main process. It exposes
// exactly one function per call of shared/api.ts plus an event subscription:
// no generic "invoke any channel", no ipcRenderer, no Node. Built as
// CommonJS (sandboxed preloads cannot be ES modules); imports only types and
// the channel names, so nothing else is bundled in.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { CallInput, CallName, CallOutputs, CoreEvent, HandedPackage, Result } from '../../shared/api.ts';
import { callsFrom, type RaadsmapClient, type SavedExport } from '../../shared/client-api.ts';
import { documentUrl, exportUrl } from '../main/document-url.ts';
import { callChannel, CHOOSE_PACKAGES_CHANNEL, EVENT_CHANNEL, REVEAL_SAVED_CHANNEL, SAVE_EXPORT_CHANNEL, UPLOAD_CHANNEL } from '../main/ipc-channels.ts';

function call<C extends CallName>(name: C) {
  return (input: CallInput<C>) => ipcRenderer.invoke(callChannel(name), input) as Promise<Result<CallOutputs[C]>>;
}

const api: RaadsmapClient = {
  ...callsFrom(call),
  documentSource: (documentId) => ({ url: documentUrl(documentId) }),
  exportSource: (exportId) => ({ url: exportUrl(exportId) }),
  saveExportToDisk: (exportId) => ipcRenderer.invoke(SAVE_EXPORT_CHANNEL, exportId) as Promise<Result<SavedExport>>,
  revealSaved: (savedId, how) => ipcRenderer.invoke(REVEAL_SAVED_CHANNEL, savedId, how) as Promise<Result<null>>,
  uploadPackage: async (file) => ipcRenderer.invoke(UPLOAD_CHANNEL, file.name, new Uint8Array(await file.arrayBuffer())) as Promise<Result<HandedPackage>>,
  choosePackages: () => ipcRenderer.invoke(CHOOSE_PACKAGES_CHANNEL) as Promise<Result<HandedPackage[]>>,
  onEvent(listener) {
    // The IPC event object (with its sender) never reaches the page.
    const forward = (_event: IpcRendererEvent, coreEvent: CoreEvent) => listener(coreEvent);
    ipcRenderer.on(EVENT_CHANNEL, forward);
    return () => {
      ipcRenderer.removeListener(EVENT_CHANNEL, forward);
    };
  },
};

contextBridge.exposeInMainWorld('raadsmap', api);
