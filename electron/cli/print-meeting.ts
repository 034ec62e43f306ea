import type { AgendaItemView, ChangeBadge, MeetingDetail, MeetingSummary } from '../../shared/api.ts';
import type { Language } from '../../shared/errors.ts';
import { formatMeetingDate } from '../../shared/format.ts';

const t = (language: Language, nl: string, en: string) => (language === 'nl' ? nl : en);

export function meetingsTable(meetings: MeetingSummary[], language: Language): string {
  if (meetings.length === 0) return t(language, 'Geen vergaderingen. Importeer een pakket met `raadsmap import PAD`.', 'No meetings. Import a package with `raadsmap import PATH`.');
  return meetings
    .map((m) => {
      const withdrawn = m.status === 'withdrawn' ? t(language, ' [ingetrokken]', ' [withdrawn]') : '';
      const changed = m.changedCount ? t(language, `, ${m.changedCount} gewijzigd`, `, ${m.changedCount} changed`) : '';
      const counts = t(language, `${m.itemCount} agendapunten, ${m.documentCount} documenten`, `${m.itemCount} agenda items, ${m.documentCount} documents`) + changed;
      return `${String(m.id).padStart(4)}  ${formatMeetingDate(m.startsAt, language)}  ${m.body.name} — ${m.title}${withdrawn}\n      ${counts}`;
    })
    .join('\n');
}

export function meetingTree(meeting: MeetingDetail, language: Language): string {
  const lines = [
    `${meeting.title} (${meeting.body.name})`,
    formatMeetingDate(meeting.startsAt, language) + (meeting.location ? ` — ${meeting.location}` : ''),
  ];
  if (meeting.chair) lines.push(`${t(language, 'Voorzitter', 'Chair')}: ${meeting.chair}`);
  if (meeting.changedDocuments.length > 0) {
    lines.push('', t(language, 'Gewijzigd sinds u ze opende (nog nooit geopend: sinds de eerste versie) (raadsmap changes DOCUMENT):', 'Changed since you opened them (never opened: since their first version) (raadsmap changes DOCUMENT):'));
    for (const d of meeting.changedDocuments) lines.push(`  [${d.documentId}] ${d.title} ${changedMark(d.changes, language)}`);
  }
  lines.push('');
  const walk = (items: AgendaItemView[], depth: number) => {
    for (const item of items) {
      const indent = '  '.repeat(depth);
      const slot = item.start ? ` (${item.start}${item.end ? ` – ${item.end}` : ''} uur)` : '';
      const withdrawn = item.status === 'withdrawn' ? t(language, ' [ingetrokken]', ' [withdrawn]') : '';
      lines.push(`${indent}${item.number ? `${item.number} ` : ''}${item.title}${slot}${withdrawn}`);
      if (item.portfolioHolder) lines.push(`${indent}   ${t(language, 'Portefeuillehouder', 'Portfolio holder')}: ${item.portfolioHolder}`);
      for (const doc of item.documents) {
        const pages = t(language, `${doc.pageCount} blz.`, `${doc.pageCount} pp.`);
        const gone = doc.linkStatus === 'withdrawn' || doc.status === 'withdrawn' ? t(language, ' [ingetrokken]', ' [withdrawn]') : '';
        lines.push(`${indent}   • [${doc.id}] ${doc.title} (${doc.type}, ${pages})${gone}${doc.changes ? ` ${changedMark(doc.changes, language)}` : ''}`);
      }
      walk(item.children, depth + 1);
    }
  };
  walk(meeting.agenda, 0);
  if (meeting.relatedMeetings.length > 0) {
    lines.push('', t(language, 'Dezelfde stukken staan ook op:', 'The same documents are also on:'));
    for (const r of meeting.relatedMeetings) lines.push(`  [${r.id}] ${r.title}, ${formatMeetingDate(r.startsAt, language)}`);
  }
  return lines.join('\n');
}

/** "[GEWIJZIGD: 3 wijzigingen]", as the agenda's badge. */
function changedMark({ count, status }: ChangeBadge, language: Language): string {
  if (status === 'no-text') return t(language, '[NIEUWE VERSIE: geen tekst]', '[NEW VERSION: no text]');
  if (status === 'too-large') return t(language, '[GEWIJZIGD: te veel wijzigingen om te tonen]', '[CHANGED: too many changes to show]');
  return t(language, `[GEWIJZIGD: ${count} ${count === 1 ? 'wijziging' : 'wijzigingen'}]`, `[CHANGED: ${count} ${count === 1 ? 'change' : 'changes'}]`);
}
