// The left navigation rail: the app's four places, Instellingen at the bottom.
import { CalendarDays, ClipboardCheck, FileSignature, Search, Settings } from 'lucide-react';
import type { ReactNode } from 'react';
import { useT } from '../i18n/i18n.tsx';
import type { MessageId } from '../i18n/messages.ts';

export type Place = 'meetings' | 'search' | 'preparation' | 'motions' | 'settings';

const places: { id: Exclude<Place, 'settings'>; label: MessageId; icon: ReactNode; shortcut?: string }[] = [
  { id: 'meetings', label: 'nav.meetings', icon: <CalendarDays /> },
  { id: 'search', label: 'nav.search', icon: <Search />, shortcut: '/' },
  { id: 'preparation', label: 'nav.preparation', icon: <ClipboardCheck /> },
  { id: 'motions', label: 'nav.motions', icon: <FileSignature /> },
];

export function NavRail({ current, onNavigate }: { current: Place | null; onNavigate: (place: Place) => void }) {
  const { t } = useT();
  const item = (id: Place, label: string, icon: ReactNode, shortcut?: string) => (
    <li key={id}>
      <a
        href={`#${id}`}
        className="rail-item"
        aria-current={current === id ? 'page' : undefined}
        onClick={(event) => {
          event.preventDefault();
          onNavigate(id);
        }}
      >
        <span className="rm-icon rail-icon" aria-hidden="true">
          {icon}
        </span>
        <span className="rail-label">{label}</span>
        {shortcut && <kbd className="rm-kbd rail-kbd">{shortcut}</kbd>}
      </a>
    </li>
  );
  return (
    <nav className="rail" aria-label={t('nav.label')}>
      <ul>{places.map((p) => item(p.id, t(p.label), p.icon, p.shortcut))}</ul>
      <ul>{item('settings', t('nav.settings'), <Settings />, 'Ctrl+,')}</ul>
    </nav>
  );
}
