// Raadsplein besluitvormend, 23 januari 2017, from seed 003: the raadsvoorstel
// Ontwikkelagenda passend onderwijs en jeugdhulp, debated on 9 januari and now
// decided. Its Beslisnota and bijlagen are the very documents of 9 januari (same
// ids, same PDFs), so the app can show the proposal's dossier across meetings.
//
// Invented for the sample: the start time (20.00), the location (Raadzaal), the
// agenda around the proposal (opening, agenda, sluiting) and its numbering; the
// chair is the burgemeester who signs the voorstel, as the raad's chair by law.
import { RAADSPLEIN_ZWOLLE, type SampleDocument, type SamplePackage } from '../model.ts';
import { field, linesFromUntil, paragraphs, type Seed } from '../seed-text.ts';

export const SEED_003 = '003_42e8b4636611d91f.txt';

export function besluitvormend23Januari2017(seed: Seed, shared: readonly SampleDocument[], revision?: { folder: string; number: number }): SamplePackage {
  if (field(seed.lines, 'Datum') !== '23 januari 2017') throw new Error(`${seed.file}: not the raadsvoorstel of 23 januari 2017`);
  const raadsvoorstel: SampleDocument = {
    id: 'zwolle/doc/raadsvoorstel-2017-01-23-ontwikkelagenda-passend-onderwijs',
    title: 'Raadsvoorstel Ontwikkelagenda passend onderwijs en jeugdhulp',
    type: 'raadsvoorstel',
    date: '2017-01-23',
    lines: seed.lines,
    ...(revision && { revision: revision.number }),
  };
  const documents = [raadsvoorstel, ...shared];
  return {
    folder: revision?.folder ?? '2017-01-23-raadsplein-besluitvormend',
    body: RAADSPLEIN_ZWOLLE,
    meeting: {
      id: 'zwolle/2017-01-23-raadsplein-besluitvormend',
      title: 'Raadsplein besluitvormend',
      kind: 'besluitvormend',
      start: '2017-01-23T20:00:00+01:00',
      location: 'Raadzaal',
      chair: 'Dhr. drs. H.J. Meijer',
    },
    agenda: [
      { id: '1', number: '1', title: 'Opening en mededelingen' },
      { id: '2', number: '2', title: 'Vaststelling van de agenda' },
      {
        id: '3',
        number: '3',
        title: field(seed.lines, 'onderwerp'),
        // The decision the raad is asked to take, as the voorstel words it.
        description: paragraphs(linesFromUntil(seed.lines, /^1\. In te stemmen met de doelstelling/, /^ Openbaar\s*$/), /^\d\. /),
        portfolioHolder: field(seed.lines, 'portefeuillehouder'),
        informant: field(seed.lines, 'informant'),
        documents: documents.map((d) => d.id),
      },
      { id: '4', number: '4', title: 'Sluiting' },
    ],
    documents,
  };
}
