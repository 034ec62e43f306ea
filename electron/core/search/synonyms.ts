// The reviewed list of domain synonyms and abbreviations
// (shared/search/synonyms.nl.json): Wmo ↔ Wet maatschappelijke ondersteuning,
// RKC ↔ rekenkamercommissie, jeugdzorg ↔ jeugdhulp. Data, not code: a
// councillor's term is added there, and tests/search/synonyms.test.ts checks
// every entry against a real index.
import { z } from 'zod';
import data from '../../../shared/search/synonyms.nl.json' with { type: 'json' };
import { RaadsmapError } from '../../../shared/errors.ts';
import { isStopword, tokens } from '../../../shared/search/analyser.ts';
import { describeIssues, WITH_INPUT } from '../../../shared/zod-messages.ts';

const synonymsFile = z.object({
  format: z.literal('raadsmap-synonyms/1'),
  about: z.string(),
  entries: z.array(z.object({ kind: z.enum(['abbreviation', 'synonym', 'spelling']), terms: z.array(z.string().min(1)).min(2), note: z.string() })),
});

export type SynonymEntry = z.infer<typeof synonymsFile>['entries'][number];

/** One way of writing a term: its content stems (the lookup key) and all its stems (the phrase). */
export interface SynonymTerm {
  text: string;
  contentStems: string[];
  stems: string[];
}

export class SynonymTable {
  /** Content stems joined by spaces → the entries that hold a term with them. */
  private readonly byKey = new Map<string, { entry: number; term: SynonymTerm }[]>();
  readonly entries: { entry: SynonymEntry; terms: SynonymTerm[] }[];
  /** The most content words any term has: how far a query is scanned for a multi-word term. */
  readonly longest: number;

  constructor(entries: SynonymEntry[]) {
    this.entries = entries.map((entry) => ({ entry, terms: entry.terms.map(analyseTerm) }));
    let longest = 1;
    this.entries.forEach(({ terms }, index) => {
      for (const term of terms) {
        if (term.contentStems.length === 0) continue;
        const key = term.contentStems.join(' ');
        const list = this.byKey.get(key) ?? [];
        list.push({ entry: index, term });
        this.byKey.set(key, list);
        longest = Math.max(longest, term.contentStems.length);
      }
    });
    this.longest = longest;
  }

  /** The other terms of every entry that has a term with exactly these content stems. */
  alternativesOf(contentStems: string[]): SynonymTerm[] {
    const key = contentStems.join(' ');
    const out: SynonymTerm[] = [];
    for (const { entry } of this.byKey.get(key) ?? []) {
      for (const term of this.entries[entry]!.terms) if (term.contentStems.join(' ') !== key && !out.some((t) => t.text === term.text)) out.push(term);
    }
    return out;
  }
}

function analyseTerm(text: string): SynonymTerm {
  const list = tokens(text);
  return { text, stems: list.map((t) => t.stem), contentStems: list.filter((t) => !isStopword(t.folded)).map((t) => t.stem) };
}

let table: SynonymTable | undefined;

/** The product's table, parsed and checked once per process. */
export function domainSynonyms(): SynonymTable {
  if (!table) {
    const parsed = synonymsFile.safeParse(data, WITH_INPUT);
    if (!parsed.success) {
      const { issues } = parsed.error;
      throw new RaadsmapError({
        code: 'search.bad-synonyms',
        nl: `De lijst met synoniemen (shared/search/synonyms.nl.json) klopt niet: ${describeIssues(issues, 'nl')}.`,
        en: `The list of synonyms (shared/search/synonyms.nl.json) is invalid: ${describeIssues(issues, 'en')}.`,
      });
    }
    table = new SynonymTable(parsed.data.entries);
  }
  return table;
}
