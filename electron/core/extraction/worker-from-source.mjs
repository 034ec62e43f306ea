// Where an extraction thread starts when the app runs from its sources (tests,
// benchmarks, a development checkout); built code starts worker.js directly.
//
// pdf.js is loaded first, before the TypeScript transform is registered for
// the thread's own .ts files: tsx rewrites the dynamic imports of every
// JavaScript file it loads, with a source map, which for pdf.js's 3 MB cost
// 1.5-2.5 s per thread start (npm run bench:import) against 0.3 s plain.
// The later import of pdf.js from pdfjs.ts finds these same modules loaded.
process.setSourceMapsEnabled(false);
await Promise.all([import('pdfjs-dist/legacy/build/pdf.mjs'), import('pdfjs-dist/legacy/build/pdf.worker.mjs')]);
const { register } = await import('tsx/esm/api');
register();
const { default: runExtractTask } = await import('./worker.ts');
export default runExtractTask;
