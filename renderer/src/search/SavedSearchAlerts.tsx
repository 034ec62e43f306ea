// Saved searches that found something new since the last visit: on the home
// meeting, each with its new documents, and documents with a new version
// reported as changed (a click opens the hit page).
import { BellRing } from 'lucide-react';
import { useEffect, useState } from 'react';
import type { SavedSearch } from '../../../shared/api.ts';
import type { RaadsmapClient } from '../../../shared/client-api.ts';
import { useT } from '../i18n/i18n.tsx';
import { Badge, Button } from '../ui/index.ts';

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
  // "2 nieuwe stukken, 1 gewijzigd stuk": new documents and new versions of documents that were there apart.
  const alertCount = (s: SavedSearch) => {
    const unseen = s.alerts.filter((a) => !a.seen);
    const changed = unseen.filter((a) => a.change === 'changed').length;
    // Beyond the alerts listed, the count is the store's: those are taken as new.
    const fresh = s.unseenAlerts - changed;
    return [fresh > 0 ? t('alerts.count', { n: fresh }) : null, changed > 0 ? t('alerts.countChanged', { n: changed }) : null].filter(Boolean).join(', ');
  };
  return (
    <section className="alerts rm-alert rm-alert--info" aria-labelledby="alerts-heading">
      <h3 id="alerts-heading">
        <BellRing size={16} aria-hidden="true" /> {t('alerts.title')}
      </h3>
      <ul>
        {searches.map((s) => (
          <li key={s.id}>
            <strong>{s.name}</strong>: {alertCount(s)}{' '}
            {s.alerts
              .filter((a) => !a.seen)
              .slice(0, 3)
              .map((a) => (
                <span key={`${a.documentId}:${a.page}`} className="alert-hit">
                  <button type="button" className="link-button" onClick={() => onOpenDocument(a.documentId, a.page)}>
                    {a.title} ({t('alerts.page', { page: a.page })})
                  </button>
                  {/* A new version of a document that was there is reported as changed, not as new. */}
                  <Badge tone={a.change === 'changed' ? 'warning' : 'info'}>
                    {a.change === 'changed' ? (a.changeCount ? t('changes.badge', { n: a.changeCount }) : t('changes.alertChanged')) : t('changes.alertNew')}
                  </Badge>{' '}
                </span>
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
