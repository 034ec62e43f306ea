// The Content-Security-Policy of the app's pages. One policy for every host:
// the Electron window (response header + <meta> in the built index.html) and
// the loopback web host (response header). No 'unsafe-eval' anywhere:
// 'wasm-unsafe-eval' only lets pdf.js compile its WebAssembly decoders.

const directives: ReadonlyArray<readonly [string, string]> = [
  ['default-src', "'self'"],
  ['script-src', "'self' 'wasm-unsafe-eval'"],
  // The reader loads PDFs from the app itself (web host) or the document protocol (Electron), by id.
  ['connect-src', "'self' raadsmap-document:"],
  // pdf.js starts its worker from a blob: URL when it cannot use a file.
  ['worker-src', "'self' blob:"],
  // React writes style attributes; inline styles cannot run code.
  ['style-src', "'self' 'unsafe-inline'"],
  ['img-src', "'self' data: blob:"],
  ['object-src', "'none'"],
  // The directives below do not fall back to default-src: without them anything goes.
  ['base-uri', "'none'"],
  // Forms are handled in script (every onSubmit prevents the default): none is ever sent anywhere.
  ['form-action', "'none'"],
  ['frame-ancestors', "'none'"],
];

/**
 * The CSP level 3 directives that do not fall back to default-src and that
 * this policy leaves out, each with the reason (navigate-to was dropped from
 * the specification). A test checks the policy against the full list.
 */
export const DIRECTIVES_LEFT_OUT: Readonly<Record<string, string>> = {
  // The PDFs the app shows are sandboxed (electron/main/document-protocol.ts); the app page runs its own scripts.
  sandbox: 'the app page must run its own scripts',
  'report-uri': 'nowhere to report to: the app works offline and sends nothing home',
  'report-to': 'nowhere to report to: the app works offline and sends nothing home',
  'upgrade-insecure-requests': 'the web host is plain http on 127.0.0.1; upgrading its requests to https would break them',
  webrtc: 'Chromium does not implement it (it would only log a warning); the app opens no peer connections',
};

const serialise = (list: ReadonlyArray<readonly [string, string]>) => list.map(([name, value]) => `${name} ${value}`).join('; ');

/** For the `Content-Security-Policy` response header. */
export const CONTENT_SECURITY_POLICY = serialise(directives);

/** For a `<meta http-equiv>` tag: browsers ignore frame-ancestors there (and warn), so it is left out. */
export const CONTENT_SECURITY_POLICY_META = serialise(directives.filter(([name]) => name !== 'frame-ancestors'));

/**
 * Only for `electron-vite dev`: the Vite dev server injects an inline module
 * script (the React Fast Refresh preamble), which 'self' would block. Never
 * used for built files.
 */
export const DEV_SERVER_CONTENT_SECURITY_POLICY = serialise(
  directives.map(([name, value]) => [name, name === 'script-src' ? `${value} 'unsafe-inline'` : value] as const),
);
