// `node --import ./tests/support/module-log.mjs …`: appends the URL of every
// module the process resolves (its main thread) to the file named by
// RAADSMAP_MODULE_LOG, one a line, so a test can see what a command loaded.
import { register } from 'node:module';

const hooks = `
import fs from 'node:fs';
let file;
export function initialize(data) { file = data.file; }
export async function resolve(specifier, context, next) {
  const resolved = await next(specifier, context);
  if (file) fs.appendFileSync(file, resolved.url + '\\n');
  return resolved;
}`;
register(`data:text/javascript,${encodeURIComponent(hooks)}`, { data: { file: process.env.RAADSMAP_MODULE_LOG } });
