// Raadsplein info/debat, 9 januari 2017 (Raadzaal and Takzaal), from seed 000:
// one whole meeting package. The seed starts with the agenda, followed by the
// documents one after another. Nothing here is invented: the agenda, time
// slots, descriptions, people and times all come from the seed's text. One
// modelling choice: the app shows documents under agenda items only, so the
// agenda PDF hangs under both "Vaststelling van de agenda" items and the
// minutes of the evening under both rooms.
import { walkAgenda, type PackageAgendaItem } from '../../../shared/package-format.ts';
import { RAADSPLEIN_ZWOLLE, type SampleDocument, type SamplePackage } from '../model.ts';
import { cutSeed, field, linesFromUntil, paragraphs, type Boundary, type Seed } from '../seed-text.ts';

export const SEED_000 = '000_77e214969eb7fe2e.txt';

/** The Ontwikkelagenda dossier: decided on 23 januari 2017 with the same documents. */
export const ONTWIKKELAGENDA_DOCUMENTS = [
  'zwolle/doc/beslisnota-ontwikkelagenda-passend-onderwijs',
  'zwolle/doc/ontwikkelagenda-passend-onderwijs-deel-1',
  'zwolle/doc/ontwikkelagenda-passend-onderwijs-deel-2',
  'zwolle/doc/ontwikkelagenda-passend-onderwijs-samenvatting',
  'zwolle/doc/advies-participatieraad-ontwikkelagenda-passend-onderwijs',
  'zwolle/doc/reactie-college-advies-participatieraad-ontwikkelagenda',
] as const;

interface SeedDocument extends Omit<SampleDocument, 'lines'> {
  boundary: Boundary;
  /** Agenda items (by number) the document hangs under. */
  items: string[];
}

// The document boundaries of seed 000, in seed order. Each document runs to the
// next boundary. Line numbers (1-based, as in `grep -n`) are for the reader;
// the patterns are what counts. A line starting with one space is usually the
// first line of a page in the original PDF, so a boundary pattern alone is not
// enough where the same heading recurs: `confirm` names a line that must follow.
const DOCUMENTS: readonly SeedDocument[] = [
  {
    // l.1: the agenda with item numbers, time slots, descriptions and document titles.
    boundary: { start: /^ Agenda documenten\s*$/ },
    id: 'zwolle/doc/agenda-raadsplein-2017-01-09',
    title: 'Agenda Raadsplein info/debat 9 januari 2017',
    type: 'agenda',
    date: '2017-01-09',
    items: ['1.1.b', '2.1.b'],
  },
  {
    // l.80: minutes of this meeting, both rooms.
    boundary: { start: /^ Raadsplein info\/debat\s*$/, confirm: /^Vergadering d\.d\. 9 januari 2017/ },
    id: 'zwolle/doc/terugblik-raadsplein-2017-01-09',
    title: 'Korte terugblik Raadsplein info-debat 9 januari 2017',
    type: 'terugblik',
    date: '2017-01-09',
    items: ['1', '2'],
  },
  {
    // l.219: cover sheet of item 1.3.a (onderwerp, portefeuillehouder, informant, voorgesteld besluit).
    boundary: { start: /^ Raadsplein info\/debat\s*$/, confirm: /^onderwerp Ontwikkelagenda passend onderwijs en jeugdhulp/ },
    id: 'zwolle/doc/voorblad-2017-01-09-ontwikkelagenda-passend-onderwijs',
    title: 'Voorblad Raadsplein info/debat: Ontwikkelagenda passend onderwijs en jeugdhulp',
    type: 'raadsvoorstel',
    date: '2017-01-09',
    items: ['1.3.a'],
  },
  {
    // l.268
    boundary: { start: /^ Beslisnota voor de raad\s*$/, confirm: /^Datum 16 november 2016/ },
    id: 'zwolle/doc/beslisnota-ontwikkelagenda-passend-onderwijs',
    title: 'Beslisnota Ontwikkelagenda passend onderwijs en jeugdhulp',
    type: 'beslisnota',
    date: '2016-11-16',
    items: ['1.3.a'],
  },
  {
    // l.621: bijlage 1 of the beslisnota; starts right after "Dit voorstel is openbaar."
    boundary: { start: /^ Krachten bundelen voor ‘De toekomst van Zwolle’\s*$/, confirm: /^Deel 1 - Visie en uitgangspunten/ },
    id: 'zwolle/doc/ontwikkelagenda-passend-onderwijs-deel-1',
    title: 'Krachten bundelen voor ‘De toekomst van Zwolle’ (deel 1: visie en uitgangspunten)',
    header: 'Gemeente Zwolle — Ontwikkelagenda passend onderwijs en jeugdhulp, deel 1',
    type: 'bijlage',
    items: ['1.3.a'],
  },
  {
    // l.1408: bijlage 2, stamped with its place in the package ("3 2. ...").
    boundary: { start: /^3 2\. Krachten bundelen voor `de toekomst van Zwolle`\(deel 2\)/, confirm: /^Deel 2 – Doen en leren/ },
    id: 'zwolle/doc/ontwikkelagenda-passend-onderwijs-deel-2',
    title: 'Krachten bundelen voor ‘De toekomst van Zwolle’ (deel 2: doen en leren)',
    header: 'Gemeente Zwolle — Ontwikkelagenda passend onderwijs en jeugdhulp, deel 2',
    type: 'bijlage',
    items: ['1.3.a'],
  },
  {
    // l.2465: bijlage 3, a slide deck dated 25-11-2016 on every slide.
    boundary: { start: /^4 3\. Samenvatting `Krachten bundelen voor`de toekomst van Zwolle`/, confirm: /^Samenvatting Ontwikkelagenda/ },
    id: 'zwolle/doc/ontwikkelagenda-passend-onderwijs-samenvatting',
    title: 'Samenvatting ‘Krachten bundelen voor De toekomst van Zwolle’',
    header: 'Gemeente Zwolle — Samenvatting Ontwikkelagenda passend onderwijs en jeugdhulp',
    type: 'bijlage',
    date: '2016-11-25',
    items: ['1.3.a'],
  },
  {
    // l.2749: bijlage 4, the Participatieraad's letter to the college.
    boundary: { start: /^ Aan het College van burgemeester en wethouders\s*$/, confirm: /^Betreft:\s+Advies Ontwikkelagenda Passend Onderwijs/ },
    id: 'zwolle/doc/advies-participatieraad-ontwikkelagenda-passend-onderwijs',
    title: 'Advies Participatieraad Zwolle d.d. 10 november 2016',
    header: 'Participatieraad Zwolle — Advies Ontwikkelagenda passend onderwijs en jeugdhulp',
    author: 'Participatieraad Zwolle',
    type: 'bijlage',
    date: '2016-11-10',
    items: ['1.3.a'],
  },
  {
    // l.2877: bijlage 5, the college's answer (letter plus "Bijlage 1: beantwoording vragen").
    // Its letterhead comes after the salutation in the extracted text.
    boundary: { start: /^ Geachte mevrouw Madarun,\s*$/, confirm: /^Onderwerp Uw advies op de 'Ontwikkelagenda passend onderwijs en jeugdhulp'/ },
    id: 'zwolle/doc/reactie-college-advies-participatieraad-ontwikkelagenda',
    title: 'Reactie B&W op advies over Ontwikkelagenda passend onderwijs en jeugdhulp',
    type: 'bijlage',
    date: '2016-11-16',
    items: ['1.3.a'],
  },
  {
    // l.3490: the round-table conversation the debate question comes from.
    boundary: { start: /^ Raadsplein info\/debat\s*$/, confirm: /^Vergadering d\.d\. 2 november 2015/ },
    id: 'zwolle/doc/terugblik-raadsplein-2015-11-02',
    title: 'Korte terugblik Raadsplein info-debat 2 november 2015',
    type: 'terugblik',
    date: '2015-11-02',
    items: ['1.3.a'],
  },
  {
    // l.3628: cover sheet of item 1.3.b.
    boundary: { start: /^ Raadsplein info\/debat\s*$/, confirm: /^onderwerp Beantwoording artikel 45 vragen SP - Passend Onderwijs/ },
    id: 'zwolle/doc/voorblad-2017-01-09-artikel-45-vragen-sp-passend-onderwijs',
    title: 'Voorblad Raadsplein info/debat: Beantwoording artikel 45 vragen SP - Passend Onderwijs',
    type: 'raadsvoorstel',
    date: '2017-01-09',
    items: ['1.3.b'],
  },
  {
    // l.3651: the informatienota's first page has no heading of its own; it ends with a raadsbesluit page.
    boundary: { start: /^ Datum 14 december 2016\s*$/, confirm: /^Onderwerp Beantwoording artikel 45 vragen SP d\.d\. 8 december 2016/ },
    id: 'zwolle/doc/informatienota-artikel-45-vragen-sp-passend-onderwijs',
    title: 'Informatienota Beantwoording artikel 45 vragen SP - Passend onderwijs',
    type: 'informatienota',
    date: '2016-12-14',
    items: ['1.3.b'],
  },
  {
    // l.3940: cover sheet of item 2.3.
    boundary: { start: /^ Raadsplein info\/debat\s*$/, confirm: /^onderwerp Rekenkameronderzoek Schulddienstverlening/ },
    id: 'zwolle/doc/voorblad-2017-01-09-rekenkameronderzoek-schulddienstverlening',
    title: 'Voorblad Raadsplein info/debat: Rekenkameronderzoek Schulddienstverlening',
    type: 'raadsvoorstel',
    date: '2017-01-09',
    items: ['2.3'],
  },
  {
    // l.3966: the college's reaction to the Rekenkamer report.
    boundary: { start: /^ Datum 15 november 2016\s*$/, confirm: /^Onderwerp Rekenkameronderzoek Schulddienstverlening/ },
    id: 'zwolle/doc/informatienota-rekenkameronderzoek-schulddienstverlening',
    title: 'Informatienota Rekenkameronderzoek Schulddienstverlening',
    type: 'informatienota',
    date: '2016-11-15',
    items: ['2.3'],
  },
  {
    // l.4684: first bijlage of that informatienota.
    boundary: { start: /^ Bijlage 1: Actuele pilots schulddienstverlening\s*$/ },
    id: 'zwolle/doc/informatienota-rekenkameronderzoek-schulddienstverlening-bijlage-1',
    title: 'Bijlage 1 bij informatienota Rekenkameronderzoek: Actuele pilots schulddienstverlening',
    header: 'Gemeente Zwolle — Bijlage 1: Actuele pilots schulddienstverlening',
    type: 'bijlage',
    items: ['2.3'],
  },
  {
    // l.4752: second bijlage, a table of the 17 recommendations with the college's reaction.
    boundary: { start: /^ Bijlage 2: Overzicht aanbevelingen en reactie\s*$/ },
    id: 'zwolle/doc/informatienota-rekenkameronderzoek-schulddienstverlening-bijlage-2',
    title: 'Bijlage 2 bij informatienota Rekenkameronderzoek: Overzicht aanbevelingen en reactie',
    header: 'Gemeente Zwolle — Bijlage 2: Overzicht aanbevelingen en reactie',
    type: 'bijlage',
    items: ['2.3'],
  },
  {
    // l.5122 to the end: the report itself ("Evaluatie Schulddienstverlening Gemeente Zwolle"),
    // whose title page has no text. Its date is when it was offered to the raad (agenda text).
    boundary: { start: /^ Voorwoord\s*$/, confirm: /^Geachte raadsleden en burgerraadsleden,/ },
    id: 'zwolle/doc/rekenkamerrapport-schulddienstverlening',
    title: 'Rekenkamerrapport Schulddienstverlening',
    header: 'Rekenkamercommissie Zwolle — Evaluatie Schulddienstverlening Gemeente Zwolle',
    author: 'Rekenkamercommissie Zwolle',
    type: 'rekenkamerrapport',
    date: '2016-09-26',
    items: ['2.3'],
  },
];

// What the agenda must contain: guards the agenda-line parser below.
const AGENDA_NUMBERS = [
  '1', '1.1.a', '1.1.b', '1.1.c', '1.2', '1.3.a', '1.3.b', '1.4',
  '2', '2.1.a', '2.1.b', '2.2', '2.3', '2.4',
];

// "1.3.a Ontwikkelagenda passend onderwijs en jeugdhulp (20.25 – 22.00 uur)", "2 TAKZAAL"
const AGENDA_LINE = /^(\d+(?:\.\d+)*(?:\.[a-z])?) (.+?)\s*$/;
const TIME_SLOT = /\s*\((\d{2}\.\d{2})(?:\s*–\s*(\d{2}\.\d{2}))?\s*uur\)$/;

export function infoDebat9Januari2017(seed: Seed): SamplePackage {
  const docs = cutSeed(seed, DOCUMENTS);
  const byId = new Map(docs.map((d) => [d.id, d.lines]));
  const linesOf = (id: string) => byId.get(id)!;
  const agendaText = linesOf('zwolle/doc/agenda-raadsplein-2017-01-09');
  const minutes = linesOf('zwolle/doc/terugblik-raadsplein-2017-01-09');

  const agenda = parseAgenda(agendaText);
  const items = new Map([...walkAgenda(agenda)].map(({ item }) => [item.number, item]));
  const item = (number: string) => {
    const found = items.get(number);
    if (!found) throw new Error(`Agenda item ${number} not found`);
    return found;
  };

  // Descriptions: the paragraph under the item in the agenda part, contact lines included.
  const contact = /^Voor (technische|vragen)/;
  item('1.3.a').description = paragraphs(
    linesFromUntil(agendaText, /^Uitgangspunt voor de ontwikkelagenda/, /^Beslisnota Ontwikkelagenda/),
    contact,
  );
  item('2.3').description = paragraphs(
    linesFromUntil(agendaText, /^Op 26 september 2016 heeft de Rekenkamercommissie/, /^Informatienota Rekenkameronderzoek/),
    contact,
  );
  // Portefeuillehouder and informant as each item's cover sheet gives them.
  for (const [number, coverSheet] of [
    ['1.3.a', 'zwolle/doc/voorblad-2017-01-09-ontwikkelagenda-passend-onderwijs'],
    ['1.3.b', 'zwolle/doc/voorblad-2017-01-09-artikel-45-vragen-sp-passend-onderwijs'],
    ['2.3', 'zwolle/doc/voorblad-2017-01-09-rekenkameronderzoek-schulddienstverlening'],
  ] as const) {
    item(number).portfolioHolder = field(linesOf(coverSheet), 'portefeuillehouder');
    item(number).informant = field(linesOf(coverSheet), 'informant');
  }
  for (const doc of docs) for (const number of doc.items) (item(number).documents ??= []).push(doc.id);

  if (field(minutes, 'Vergadering d.d.') !== '9 januari 2017') throw new Error(`${seed.file}: the minutes are not those of 9 januari 2017`);
  return {
    folder: '2017-01-09-raadsplein-info-debat',
    body: RAADSPLEIN_ZWOLLE,
    meeting: {
      id: 'zwolle/2017-01-09-raadsplein-info-debat',
      title: 'Raadsplein info/debat',
      kind: 'info-debat',
      start: `2017-01-09T${clock(field(minutes, 'Aanvang'))}:00+01:00`,
      end: `2017-01-09T${clock(field(minutes, 'Eindtijd'))}:00+01:00`,
      location: field(minutes, 'Locatie'),
      chair: field(minutes, 'Voorzitter'),
      clerk: field(minutes, 'Griffier/secretaris'),
    },
    agenda,
    documents: docs.map(({ boundary: _boundary, items: _items, ...doc }) => doc),
  };
}

/** The numbered lines of the agenda part: rooms become sections, the rest their children. */
function parseAgenda(lines: readonly string[]): PackageAgendaItem[] {
  const rooms: PackageAgendaItem[] = [];
  const childrenOf = new Map<string, PackageAgendaItem[]>();
  for (const line of lines) {
    const match = AGENDA_LINE.exec(line);
    if (!match) continue;
    const number = match[1]!;
    const slot = TIME_SLOT.exec(match[2]!);
    const title = slot ? match[2]!.slice(0, slot.index) : match[2]!;
    if (!number.includes('.')) {
      // "1 RAADZAAL" becomes section "Raadzaal".
      const children: PackageAgendaItem[] = [];
      childrenOf.set(number, children);
      rooms.push({ id: number, number, title: title.charAt(0) + title.slice(1).toLowerCase(), section: true, children });
      continue;
    }
    const siblings = childrenOf.get(number.split('.')[0]!);
    if (!siblings) throw new Error(`Agenda item ${number} comes before its room`);
    siblings.push({ id: number, number, title, ...(slot && { start: slot[1], ...(slot[2] && { end: slot[2] }) }) });
  }
  const numbers = [...walkAgenda(rooms)].map(({ item }) => item.number);
  if (numbers.join() !== AGENDA_NUMBERS.join()) {
    throw new Error(`Agenda of 9 januari 2017: expected items ${AGENDA_NUMBERS.join(' ')}, found ${numbers.join(' ')}`);
  }
  return rooms;
}

/** "20.15" → "20:15" for an ISO time. */
const clock = (time: string) => {
  if (!/^\d{2}\.\d{2}$/.test(time)) throw new Error(`Not a clock time: ${time}`);
  return time.replace('.', ':');
};
