// A changed number between two versions is money ("€ 1,1 mln → € 1,4 mln":
// "Bedrag") or another number ("3 → 4" proeftuinen, "5 jaar → 4 jaar":
// "Getal"); the reader's changes panel and `raadsmap changes` say which.
import type { VersionChange } from './api.ts';

export function isMoneyAmount(amount: NonNullable<VersionChange['amount']>): boolean {
  return /€|\beuro\b|\bEUR\b|\bmln\b|\bmld\b|miljoen|miljard/i.test(`${amount.old} ${amount.new}`);
}
