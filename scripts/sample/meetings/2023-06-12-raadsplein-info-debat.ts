// Raadsplein info/debat on the Rekenkamercommissie's report "Sleutels voor
// jeugdhulp", with the college's reaction (seed 004), a bijlage to the
// Informatienota Voortgang transformatie jeugdzorg Zwolle. The text dates it to
// spring 2023: it cites April 2023 and promises more "na de zomer".
//
// Invented for the sample: the meeting date (12 juni 2023), its times, room and
// agenda. The item's description is the reaction's own opening.
import { RAADSPLEIN_ZWOLLE, type SampleDocument, type SamplePackage } from '../model.ts';
import { linesFromUntil, paragraphs, type Seed } from '../seed-text.ts';

export const SEED_004 = '004_a8de70307df740da.txt';

export function infoDebat12Juni2023(seed: Seed): SamplePackage {
  const reactie: SampleDocument = {
    id: 'zwolle/doc/reactie-rekenkamerrapport-sleutels-voor-jeugdhulp',
    title: 'Reactie op rapport Sleutels voor jeugdhulp van de Rekenkamercommissie Zwolle',
    header: 'Gemeente Zwolle — Reactie op rapport Sleutels voor jeugdhulp',
    type: 'bijlage',
    lines: seed.lines,
  };
  const description = [
    paragraphs(linesFromUntil(seed.lines, /^In opdracht van de raad onderzocht/, /^De Rekenkamercommissie neemt vervolgens/), /^\d\. /),
    paragraphs(linesFromUntil(seed.lines, /^De Rekenkamercommissie benadrukt/, /^Reacties op de conclusies per beweging/)),
  ].join('\n');
  return {
    folder: '2023-06-12-raadsplein-info-debat',
    body: RAADSPLEIN_ZWOLLE,
    meeting: {
      id: 'zwolle/2023-06-12-raadsplein-info-debat',
      title: 'Raadsplein info/debat',
      kind: 'info-debat',
      start: '2023-06-12T20:15:00+02:00',
      end: '2023-06-12T22:00:00+02:00',
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
          { id: '1.2', number: '1.2', title: 'Debatronde' },
          {
            id: '1.3',
            number: '1.3',
            title: 'Rekenkameronderzoek Sleutels voor jeugdhulp en voortgang transformatie jeugdzorg',
            start: '20.25',
            end: '22.00',
            description,
            documents: [reactie.id],
          },
          { id: '1.4', number: '1.4', title: 'Sluiting', start: '22.00' },
        ],
      },
    ],
    documents: [reactie],
  };
}
