// The options of the app window. Everything the renderer could use to reach
// Node or the OS is off: it talks to the core only through the preload's
// contextBridge API.
import type { BrowserWindowConstructorOptions } from 'electron';

export function mainWindowOptions(preloadPath: string): BrowserWindowConstructorOptions {
  return {
    width: 1280,
    height: 860,
    minWidth: 720,
    minHeight: 480,
    title: 'Raadsmap',
    // Shown on 'ready-to-show', so the window never flashes empty.
    show: false,
    backgroundColor: '#ffffff',
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      // A middle click on a link would open a new window: the window-open handler denies it, this stops it earlier.
      disableBlinkFeatures: 'Auxclick',
      // Chromium's spellchecker downloads dictionaries; the app works offline.
      spellcheck: false,
    },
  };
}
