// Dutch wording of codes from the store (document types, meeting kinds) and
// counted nouns. Unknown codes are shown as they are, with a capital.

const DOCUMENT_TYPES: Readonly<Record<string, string>> = {
  agenda: 'Agenda',
  raadsvoorstel: 'Raadsvoorstel',
  beslisnota: 'Beslisnota',
  bijlage: 'Bijlage',
  informatienota: 'Informatienota',
  rekenkamerrapport: 'Rekenkamerrapport',
  terugblik: 'Terugblik',
  notulen: 'Notulen',
  brief: 'Brief',
  motie: 'Motie',
  amendement: 'Amendement',
  nota: 'Nota',
  rapport: 'Rapport',
  overig: 'Overig',
};

const MEETING_KINDS: Readonly<Record<string, string>> = {
  informatief: 'Informatief',
  'info-debat': 'Info/debat',
  besluitvormend: 'Besluitvormend',
  commissie: 'Commissie',
  overig: 'Overig',
};

const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

export const documentTypeLabel = (type: string) => DOCUMENT_TYPES[type] ?? capitalise(type);
export const meetingKindLabel = (kind: string) => MEETING_KINDS[kind] ?? capitalise(kind);

/** `count(3, 'agendapunt', 'agendapunten')` → "3 agendapunten". */
export function count(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** "20.15–20.25 uur", "vanaf 20.15 uur", or null without times. */
export function timeSlot(start: string | null, end: string | null): string | null {
  if (start && end) return `${start}–${end} uur`;
  if (start) return `vanaf ${start} uur`;
  if (end) return `tot ${end} uur`;
  return null;
}
