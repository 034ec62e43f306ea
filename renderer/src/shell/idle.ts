// Work that may wait until the browser has nothing else to do (within 3 s):
// fetching code the next screen will need, starting pdf.js's worker.
export function inIdleTime(work: () => void): void {
  if (typeof requestIdleCallback === 'function') requestIdleCallback(work, { timeout: 3000 });
  else setTimeout(work, 500);
}
