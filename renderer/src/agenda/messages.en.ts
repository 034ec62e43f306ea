// English texts of the agenda tree and the item panel: every id of the Dutch catalog (the type says so).
import type { nl } from './messages.nl.ts';

export const en: Record<keyof typeof nl, string> = {
  'stance.voor': 'For',
  'stance.tegen': 'Against',
  'stance.nog-bespreken': 'To discuss',
  'stance.none': 'None yet',
  'agenda.portfolioHolder': 'Portfolio holder: {name}',
  'agenda.informant': 'Informant: {name}',
  'agenda.documentsOf': 'Documents of {item}',
  'agenda.withdrawn': 'cancelled',
  'agenda.slot': '{start}–{end}',
  'agenda.from': 'from {start}',
  'agenda.until': 'until {end}',
  'document.unread': 'unread',
  'document.withdrawn': 'withdrawn',
  'agenda.stancePrefix': 'My position:',
  'agenda.hasNote': 'With a note',
  'agenda.itemPanel': 'Agenda item {item}',
  'agenda.closePanel': 'Close panel',
  'agenda.documents': 'Documents',
  'agenda.openDocument': 'Open {title}',
  'agenda.subItemsOf': 'Parts of {item}',
};
