// Page quality: is this page's text worth indexing? Pure string code.
//
// A broken font encoding (a font whose ToUnicode map is missing or wrong)
// turns every word set in that font into look-alike garbage: in seed 002
// "en" comes out as "Ŝƴ" and "handreiking" as "ƘŀƴŘǊŜƛƪƛƴƎ". Such words are
// recognisable by their characters: Latin Extended-B and IPA letters,
// private-use code points, U+FFFD, control characters, Greek or Cyrillic
// letters mixed into a Latin word, or a word made mostly of the rarer
// Latin Extended-A letters ("ŘŜ" for "de").
import type { PageQuality } from './types.ts';

// Latin Extended-B (minus Romanian ș ț, U+0218–U+021B, which real names use),
// IPA extensions, private use area, U+FFFD, C0/C1 controls (tab/newline excluded).
// eslint-disable-next-line no-control-regex -- control characters are a sign of a broken font
const BROKEN_CHAR = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u0180-\u0217\u021C-\u02AF\uE000-\uF8FF\uFFFD]/u;
const GREEK_OR_CYRILLIC = /[\u0370-\u04FF]/u;
const LATIN_LETTER = /[A-Za-z\u00C0-\u024F]/u;
const LATIN_EXTENDED_A = /[\u0100-\u017F]/gu;
const LETTER = /\p{L}/gu;
const WORDLIKE = new RegExp(`\\p{L}|${BROKEN_CHAR.source}`, 'u');
const LETTER_OR_DIGIT = /[\p{L}\p{N}]/gu;

/**
 * Tuned on the seeds (see tests/extraction/normalise.test.ts):
 * - In seed 002 these rules mark 518 of 23 036 words (2.2%); the clean seeds
 *   000, 001, 003 and 004 (62 000 words) have none.
 * - Garbled words come in runs, not alone: 53 runs with a median of 11 and a
 *   maximum of 24 words — a sentence or paragraph set in the broken font. On
 *   350-word windows of seed 002 the share is 0% for half of them, 1–8% for
 *   most others and 10–19% for three.
 * A page is therefore `garbled` only from 10% of its words on: then at least
 * two or three sentences are garbage and the page text cannot be trusted for
 * snippets. Below that the page stays `ok` so its good text is still found;
 * search can drop the odd garbled word itself with `isGarbledWord`.
 * At least 3 garbled words (or all words of a tiny page) are needed, so one
 * foreign name on a short page does not flag it.
 */
const GARBLED_SHARE = 0.1;
const GARBLED_MIN_WORDS = 3;
/** Fewer letters and digits than this: nothing to index (a blank or scanned page). */
const MIN_CHARS_OF_TEXT = 4;

/** Printable ASCII only: none of the signs above (most words of a clean page). */
const PRINTABLE_ASCII = /^[\x20-\x7E]*$/;

export function isGarbledWord(word: string): boolean {
  if (PRINTABLE_ASCII.test(word)) return false;
  if (BROKEN_CHAR.test(word)) return true;
  if (GREEK_OR_CYRILLIC.test(word) && LATIN_LETTER.test(word)) return true;
  const extendedA = word.match(LATIN_EXTENDED_A)?.length ?? 0;
  if (extendedA === 0) return false;
  // "Kovačević" or "Łódź" are real names: only a word made mostly of these letters is suspect.
  const letters = word.match(LETTER)?.length ?? 0;
  return extendedA * 2 > letters;
}

/** Whether `text` has at least `count` letters and digits: counted until there are that many, not through the whole page. */
function hasLettersOrDigits(text: string, count: number): boolean {
  LETTER_OR_DIGIT.lastIndex = 0;
  let found = 0;
  while (found < count && LETTER_OR_DIGIT.exec(text)) found++;
  LETTER_OR_DIGIT.lastIndex = 0;
  return found >= count;
}

/** Words that count for quality: tokens with a letter or a broken character (numbers do not count). */
function wordsOf(text: string): string[] {
  return text.split(/\s+/u).filter((token) => WORDLIKE.test(token));
}

export function garbledShare(text: string): { words: number; garbled: number } {
  const words = wordsOf(text);
  return { words: words.length, garbled: words.filter(isGarbledWord).length };
}

export function assessQuality(text: string): PageQuality {
  if (!hasLettersOrDigits(text, MIN_CHARS_OF_TEXT)) return 'empty';
  const { words, garbled } = garbledShare(text);
  if (words > 0 && garbled >= Math.min(GARBLED_MIN_WORDS, words) && garbled / words >= GARBLED_SHARE) return 'garbled';
  return 'ok';
}
