// Every entry of the reviewed synonym list (shared/search/synonyms.nl.json)
// works: a page that writes one of its terms is found by a query for each of
// the others, through a real index.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inputs } from '../../shared/api.ts';
import { createCore, type Core } from '../../electron/core/index.ts';
import { domainSynonyms } from '../../electron/core/search/synonyms.ts';
import { writePackage } from '../support/make-package.ts';
import { tempDir } from '../support/temp-dir.ts';

const entries = domainSynonyms().entries;
let core: Core;

beforeAll(async () => {
  core = createCore({ dataDir: tempDir(), clock: () => new Date('2026-11-22T12:00:00Z'), extractionThreads: 2 });
  // One document per entry, writing the entry's first term in a sentence.
  const documents = entries.map(({ entry }, i) => ({
    id: `doc/${i}`,
    title: `Synoniem ${i}`,
    pages: [[`In deze passage staat ${entry.terms[0]} centraal.`]],
  }));
  const pkg = await writePackage(tempDir(), { agenda: [{ id: '1', number: '1', title: 'Synoniemen', documents: documents.map((d) => d.id) }], documents });
  await core.importPackages({ paths: [pkg.dir] });
  await core.searchIndexReady();
}, 240_000);
afterAll(async () => {
  await core?.close();
});

describe('the synonym list', () => {
  it('has no term in two entries', () => {
    const seen = new Map<string, number>();
    entries.forEach(({ entry }, i) => {
      for (const term of entry.terms) {
        const key = term.toLowerCase().replace(/\s+/g, ' ');
        expect(seen.has(key), `"${term}" in entries ${seen.get(key)} and ${i}`).toBe(false);
        seen.set(key, i);
      }
    });
  });

  entries.forEach(({ entry }, i) => {
    for (const term of entry.terms.slice(1)) {
      it(`finds "${entry.terms[0]}" by "${term}" (${entry.kind})`, () => {
        const results = core.search(inputs.search.parse({ query: term, limit: 200 }));
        const titles = results.documents.filter((d) => !d.partial).map((d) => d.title);
        expect(titles).toContain(`Synoniem ${i}`);
      });
    }
  });
});
