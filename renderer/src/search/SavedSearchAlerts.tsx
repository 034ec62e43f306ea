// Saved searches that found something new since the last visit: on the home
// meeting, each with its new documents (a click opens the hit page).
import { BellRing } from 'lucide-react';
import { useEffect, useState } from 'react';
import type { SavedSearch } from '../../../shared/api.ts';
import type { RaadsmapClient } from '../../../shared/client-api.ts';
import { useT } from '../i18n/i18n.tsx';
import { Button } from '../ui/index.ts';

export function SavedSearchAlerts({ client, onOpenDocument }: { client: RaadsmapClient; onOpenDocument: (documentId: number, page: number) => void }) {
  const { t } = useT();
  const [searches, setSearches] = useState<SavedSearch[]>([]);
  useEffect(() => {
    const load = () =>
      void client.listSavedSearches({}).then((result) => {
        if (result.ok) setSearches(result.value.filter((s) => s.unseenAlerts > 0));
      });
    load();
    return client.onEvent((event) => {
      if (event.type === 'search-alerts' || event.type === 'library-changed') load();
    });
  }, [client]);
  if (searches.length === 0) return null;
  return (
    <section className="alerts rm-alert rm-alert--info" aria-labelledby="alerts-heading">
      <h3 id="alerts-heading">
        <BellRing size={16} aria-hidden="true" /> {t('alerts.title')}
      </h3>
      <ul>
        {searches.map((s) => (
          <li key={s.id}>
            <strong>{s.name}</strong>: {t('alerts.count', { n: s.unseenAlerts })}{' '}
            {s.alerts
              .filter((a) => !a.seen)
              .slice(0, 3)
              .map((a) => (
                <button key={`${a.documentId}:${a.page}`} type="button" className="link-button" onClick={() => onOpenDocument(a.documentId, a.page)}>
                  {a.title} ({t('alerts.page', { page: a.page })})
                </button>
              ))}
            <Button
              size="sm"
              variant="subtle"
              onPress={() => void client.markAlertsSeen({ savedSearchId: s.id }).then(() => setSearches((all) => all.filter((x) => x.id !== s.id)))}
            >
              {t('alerts.seen')}
            </Button>
          </li>
        ))}
      </ul>
    </section>
  );
}
