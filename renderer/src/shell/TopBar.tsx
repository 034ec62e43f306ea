// The fixed top bar: brand, search, one status slot for import and sync
// progress (a fixed width: nothing moves when a status appears), import and
// the sync button with the time of the last sync.
import { RefreshCw } from 'lucide-react';
import type { ReactNode } from 'react';
import { Button } from '../ui/index.ts';
import { relativeTime } from '../ui/format.ts';
import { useT } from '../i18n/i18n.tsx';
import type { SyncControl } from './useSync.ts';

export function TopBar({ search, status, importButton, sync, onOpenSources }: { search: ReactNode; status: ReactNode; importButton: ReactNode; sync: SyncControl; onOpenSources: () => void }) {
  const { t, language } = useT();
  const running = sync.sync.kind === 'running';
  return (
    <header className="topbar">
      <div className="topbar-brand">
        <img src="./favicon.svg" alt="" width={20} height={20} />
        <h1>Raadsmap</h1>
      </div>
      <div className="topbar-search">{search}</div>
      <div className="topbar-status">{status}</div>
      <div className="topbar-actions">
        {importButton}
        <Button
          variant="subtle"
          icon={<RefreshCw className={running ? 'spin' : undefined} />}
          // Without sources there is nothing to sync yet: Instellingen → Bronnen to add one.
          onPress={() => (sync.sources.length > 0 ? void sync.syncNow() : onOpenSources())}
          isDisabled={running}
          aria-label={sync.lastSyncedAt ? t('shell.syncLast', { when: relativeTime(sync.lastSyncedAt, language) }) : t('shell.sync')}
        >
          <span className="topbar-sync-text">{sync.lastSyncedAt ? relativeTime(sync.lastSyncedAt, language) : t('shell.sync')}</span>
        </Button>
      </div>
    </header>
  );
}
