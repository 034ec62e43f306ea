// Fallback types for the 'electron' module, used by the type checker ONLY
// when the electron package is absent (its binary download is blocked on the
// machines this project is built on, so npm drops the optional dependency).
// tsconfig.json maps 'electron' to node_modules/electron first, so wherever
// Electron is installed its real, complete types win and this file is unused.
// It declares just what electron/main and electron/preload use, with the same
// signatures as Electron 39's electron.d.ts, which uses `any` for IPC
// arguments; the fallback keeps them so code checks the same against both.
/* eslint-disable @typescript-eslint/no-explicit-any */

type Listener = (...args: any[]) => void;

export interface Event {
  preventDefault(): void;
  readonly defaultPrevented: boolean;
}

export interface WebPreferences {
  preload?: string;
  contextIsolation?: boolean;
  sandbox?: boolean;
  nodeIntegration?: boolean;
  nodeIntegrationInWorker?: boolean;
  nodeIntegrationInSubFrames?: boolean;
  webSecurity?: boolean;
  allowRunningInsecureContent?: boolean;
  webviewTag?: boolean;
  experimentalFeatures?: boolean;
  navigateOnDragDrop?: boolean;
  spellcheck?: boolean;
}

export interface BrowserWindowConstructorOptions {
  width?: number;
  height?: number;
  minWidth?: number;
  minHeight?: number;
  title?: string;
  show?: boolean;
  backgroundColor?: string;
  webPreferences?: WebPreferences;
}

export interface WebFrameMain {
  readonly url: string;
}

export interface WebContents {
  send(channel: string, ...args: any[]): void;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'allow' | 'deny' }): void;
  on(event: 'will-navigate' | 'will-redirect', listener: (details: Event & { url: string }) => void): this;
  on(event: 'will-attach-webview', listener: (event: Event) => void): this;
  isDestroyed(): boolean;
}

export interface HeadersReceivedDetails {
  url: string;
  responseHeaders?: Record<string, string[]>;
}

export interface Session {
  setPermissionRequestHandler(
    handler: ((webContents: WebContents, permission: string, callback: (permissionGranted: boolean) => void) => void) | null,
  ): void;
  setPermissionCheckHandler(handler: ((webContents: WebContents | null, permission: string) => boolean) | null): void;
  webRequest: {
    onHeadersReceived(
      listener: ((details: HeadersReceivedDetails, callback: (response: { responseHeaders?: Record<string, string | string[]> }) => void) => void) | null,
    ): void;
  };
}

export declare const session: { readonly defaultSession: Session };

export interface App {
  readonly isPackaged: boolean;
  getAppPath(): string;
  getPath(name: 'userData' | 'appData' | 'home' | 'temp' | 'logs'): string;
  whenReady(): Promise<void>;
  requestSingleInstanceLock(): boolean;
  enableSandbox(): void;
  quit(): void;
  exit(exitCode?: number): void;
  on(event: 'web-contents-created', listener: (event: Event, webContents: WebContents) => void): this;
  on(event: 'will-quit', listener: (event: Event) => void): this;
  on(event: 'second-instance' | 'window-all-closed', listener: Listener): this;
}

export declare const app: App;

export declare class BrowserWindow {
  constructor(options?: BrowserWindowConstructorOptions);
  readonly webContents: WebContents;
  loadURL(url: string): Promise<void>;
  once(event: 'ready-to-show', listener: () => void): this;
  isDestroyed(): boolean;
  isMinimized(): boolean;
  restore(): void;
  focus(): void;
  show(): void;
}

export interface IpcMainInvokeEvent extends Event {
  readonly senderFrame: WebFrameMain | null;
}

export declare const ipcMain: {
  handle(channel: string, listener: (event: IpcMainInvokeEvent, ...args: any[]) => Promise<any> | any): void;
  removeHandler(channel: string): void;
};

export declare const dialog: {
  showErrorBox(title: string, content: string): void;
};

export type IpcRendererEvent = Event;

export declare const ipcRenderer: {
  invoke(channel: string, ...args: any[]): Promise<any>;
  on(channel: string, listener: (event: IpcRendererEvent, ...args: any[]) => void): unknown;
  removeListener(channel: string, listener: (...args: any[]) => void): unknown;
};

export declare const contextBridge: {
  exposeInMainWorld(apiKey: string, api: any): void;
};

declare global {
  namespace NodeJS {
    interface Process {
      /** Electron: the resources folder of the packaged app. */
      readonly resourcesPath: string;
    }
  }
}
