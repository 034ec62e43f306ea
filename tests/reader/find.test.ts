import { describe, expect, it } from 'vitest';
import { findInText, pageTextOf } from '../../renderer/src/reader/find.ts';

// Find in document, on page text as pdf.js gives it (items, "\n" after a line's last item).
const text = pageTextOf([
  { str: 'De Financiële positie van de ', hasEOL: false },
  { str: 'stichting is gezond. De schuld-', hasEOL: true },
  { str: 'hulpverlening en de financiële', hasEOL: true },
  { str: 'positie  worden apart besproken.', hasEOL: true },
]);
const found = (query: string) => findInText(text, query).map((h) => text.slice(h.start, h.end));

describe('find in document', () => {
  it('counts every occurrence, ignoring case and accents', () => {
    expect(found('financiele')).toEqual(['Financiële', 'financiële']);
    expect(found('FINANCIËLE POSITIE')).toEqual(['Financiële positie', 'financiële\npositie']);
  });

  it('finds a word broken by hyphenation at a line end, and gives offsets into the page text', () => {
    const [hit] = findInText(text, 'schuldhulpverlening');
    expect(text.slice(hit!.start, hit!.end)).toBe('schuld-\nhulpverlening');
    // A real hyphen within a line stays: "schuld-hulp" is not "schuldhulp" there.
    expect(findInText(pageTextOf([{ str: 'de schuld-hulp', hasEOL: true }]), 'schuldhulp')).toEqual([]);
  });

  it('treats runs of spaces and line breaks as one space, and finds nothing for an empty query', () => {
    expect(found('positie worden')).toEqual(['positie  worden']);
    expect(found('   ')).toEqual([]);
    expect(found('gezond. de')).toEqual(['gezond. De']);
  });
});
