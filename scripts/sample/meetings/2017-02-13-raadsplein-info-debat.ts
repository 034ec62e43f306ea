// Raadsplein info/debat with a rondetafelgesprek on integrale
// schulddienstverlening, with the national Handreiking integrale
// schuldhulpverlening (seed 002, written by Policy Productions for the
// Ministerie van SZW; Zwolle is one of its practice examples) ter informatie.
// It follows up the debate on the Rekenkamer report of 9 januari 2017, where
// the college announced a new beleidsplan for the end of the first quarter.
//
// Invented for the sample: the meeting (13 februari 2017), its times, room and
// agenda, and the first paragraph of the item's description. The rest of the
// description is the report's own Vraagstelling.
import { RAADSPLEIN_ZWOLLE, type SampleDocument, type SamplePackage } from '../model.ts';
import { linesFromUntil, paragraphs, type Seed } from '../seed-text.ts';

export const SEED_002 = '002_944e121fa60cfda0.txt';

export function infoDebat13Februari2017(seed: Seed): SamplePackage {
  const handreiking: SampleDocument = {
    id: 'zwolle/doc/handreiking-integrale-schuldhulpverlening',
    title: 'Handreiking integrale schuldhulpverlening',
    type: 'rapport',
    header: 'Ministerie van SZW — Handreiking integrale schuldhulpverlening',
    author: 'Policy Productions',
    lines: seed.lines,
  };
  const vraagstelling = paragraphs(linesFromUntil(seed.lines, /^Het Ministerie van Sociale Zaken en Werkgelegenheid/, /^1\.2 Uitwerking vraagstelling/));
  return {
    folder: '2017-02-13-raadsplein-info-debat',
    body: RAADSPLEIN_ZWOLLE,
    meeting: {
      id: 'zwolle/2017-02-13-raadsplein-info-debat',
      title: 'Raadsplein info/debat',
      kind: 'info-debat',
      start: '2017-02-13T20:15:00+01:00',
      end: '2017-02-13T21:30:00+01:00',
      location: 'Takzaal',
    },
    agenda: [
      {
        id: '1',
        number: '1',
        title: 'Takzaal',
        section: true,
        children: [
          { id: '1.1.a', number: '1.1.a', title: 'Opening en mededelingen', start: '20.15', end: '20.25' },
          { id: '1.1.b', number: '1.1.b', title: 'Vaststelling van de agenda' },
          { id: '1.2', number: '1.2', title: 'Informatieronde' },
          {
            id: '1.3',
            number: '1.3',
            title: 'Rondetafelgesprek integrale schulddienstverlening',
            start: '20.25',
            end: '21.30',
            description:
              'Ter voorbereiding op het nieuwe beleidsplan schulddienstverlening spreekt de raad met betrokkenen over ' +
              'samenwerking rond schulden en andere problemen. Ter informatie is de landelijke Handreiking integrale ' +
              `schuldhulpverlening bijgevoegd, waarin ook de Zwolse praktijk is beschreven.\n${vraagstelling}`,
            documents: [handreiking.id],
          },
          { id: '1.4', number: '1.4', title: 'Sluiting', start: '21.30' },
        ],
      },
    ],
    documents: [handreiking],
  };
}
