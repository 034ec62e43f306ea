// Raadsplein info/debat with the Transformatienota sociaal domein (seed 001),
// dated 20 april 2016, which works out the five transformation themes and
// settles motions M-14, M-23 and M-11-1 and toezegging 85.
//
// Invented for the sample: the meeting date (23 mei 2016, a Monday after the
// nota and before the Perspectiefnota it refers to), its times, room and the
// agenda around the nota (modelled on the real agenda of 9 januari 2017), and
// the sentence that introduces the list of motions in the description.
import { RAADSPLEIN_ZWOLLE, type SampleDocument, type SamplePackage } from '../model.ts';
import { field, linesFromUntil, linesMatching, paragraphs, type Seed } from '../seed-text.ts';

export const SEED_001 = '001_f872343f86aaf1bd.txt';

export function infoDebat23Mei2016(seed: Seed): SamplePackage {
  if (field(seed.lines, 'Datum') !== '20 april 2016') throw new Error(`${seed.file}: not the Transformatienota of 20 april 2016`);
  const nota: SampleDocument = {
    id: 'zwolle/doc/transformatienota-sociaal-domein-2016',
    title: 'Transformatienota sociaal domein',
    type: 'nota',
    date: '2016-04-20',
    lines: seed.lines,
  };
  const themes = paragraphs(
    linesFromUntil(seed.lines, /^Op 15 februari j\.l\. heeft de raad/, /^In deze nota wordt in het eerste hoofdstuk/),
    /^(\d\. |Deze transformatiethema)/,
  );
  // " Motie M-14: …", " Moties 11-1: …", "  Toezegging 85: …" in paragraph 5.2.
  const settled = linesMatching(seed.lines, /^\s+(Moties?|Toezegging) [\w-]+: /);
  return {
    folder: '2016-05-23-raadsplein-info-debat',
    body: RAADSPLEIN_ZWOLLE,
    meeting: {
      id: 'zwolle/2016-05-23-raadsplein-info-debat',
      title: 'Raadsplein info/debat',
      kind: 'info-debat',
      start: '2016-05-23T20:15:00+02:00',
      end: '2016-05-23T22:00:00+02:00',
      location: 'Raadzaal',
    },
    agenda: [
      {
        id: '1',
        number: '1',
        title: 'Raadzaal',
        section: true,
        children: [
          { id: '1.1.a', number: '1.1.a', title: 'Opening en mededelingen', start: '20.15', end: '20.25' },
          { id: '1.1.b', number: '1.1.b', title: 'Vaststelling van de agenda' },
          { id: '1.1.c', number: '1.1.c', title: 'Inspreken niet-geagendeerde onderwerpen' },
          { id: '1.2', number: '1.2', title: 'Debatronde' },
          {
            id: '1.3',
            number: '1.3',
            title: 'Transformatienota sociaal domein',
            start: '20.25',
            end: '22.00',
            description: `${themes}\nMet deze nota worden afgedaan: ${settled.join('; ')}.`,
            documents: [nota.id],
          },
          { id: '1.4', number: '1.4', title: 'Sluiting', start: '22.00' },
        ],
      },
    ],
    documents: [nota],
  };
}
