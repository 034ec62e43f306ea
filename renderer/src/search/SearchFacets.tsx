// While searching, the facet column replaces the meeting list: the hits of
// the query counted per document type, meeting and year, and my own work;
// a click narrows the search. "Zoekopdracht bewaren" keeps the query (with
// its filters) and reports new documents after every import; the saved
// searches are listed below to run again.
import { Bookmark, BookmarkPlus, Trash2 } from 'lucide-react';
import { useEffect, useState } from 'react';
import type { SavedSearch, SearchFilters, SearchResults } from '../../../shared/api.ts';
import type { RaadsmapClient } from '../../../shared/client-api.ts';
import type { DocumentType } from '../../../shared/package-format.ts';
import { formatShortDate } from '../../../shared/format.ts';
import { useT } from '../i18n/i18n.tsx';
import { Button, IconButton, toast } from '../ui/index.ts';
import { clean, type SearchRequest } from './SearchView.tsx';

interface Facet {
  key: string;
  label: string;
  count: number;
  active: boolean;
  apply: Partial<SearchFilters>;
}

export function SearchFacets({ client, request, onSearch }: { client: RaadsmapClient; request: SearchRequest; onSearch: (request: SearchRequest) => void }) {
  const { t, documentType, language } = useT();
  const [all, setAll] = useState<SearchResults | null>(null);
  const [saved, setSaved] = useState<SavedSearch[]>([]);

  // The counts come from the query without filters: they say what a filter would leave.
  useEffect(() => {
    if (!request.query.trim()) return setAll(null);
    let current = true;
    void client.search({ query: request.query, sort: 'relevance', limit: 200, pagesPerDocument: 1 }).then((result) => {
      if (current && result.ok) setAll(result.value);
    });
    return () => {
      current = false;
    };
  }, [client, request.query]);
  const loadSaved = () =>
    void client.listSavedSearches({}).then((result) => {
      if (result.ok) setSaved(result.value);
    });
  useEffect(loadSaved, [client]);

  const narrow = (filters: Partial<SearchFilters>) => onSearch({ ...request, filters: clean({ ...request.filters, ...filters }) });
  const documents = all?.documents ?? [];
  const count = <K,>(keyOf: (d: (typeof documents)[number]) => K | undefined) => {
    const counts = new Map<K, number>();
    for (const d of documents) {
      const key = keyOf(d);
      if (key !== undefined) counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    return [...counts].sort((a, b) => b[1] - a[1]);
  };
  const types: Facet[] = count((d) => d.type).map(([type, n]) => ({
    key: type,
    label: documentType(type),
    count: n,
    active: request.filters.types?.[0] === type,
    apply: { types: request.filters.types?.[0] === type ? undefined : [type as DocumentType] },
  }));
  const meetingsById = new Map(documents.flatMap((d) => (d.meeting ? [[d.meeting.id, d.meeting] as const] : [])));
  const meetings: Facet[] = count((d) => d.meeting?.id).map(([id, n]) => {
    const m = meetingsById.get(id)!;
    return { key: String(id), label: `${m.title}, ${formatShortDate(m.startsAt, language)}`, count: n, active: request.filters.meetingId === id, apply: { meetingId: request.filters.meetingId === id ? undefined : id } };
  });
  const years: Facet[] = count((d) => d.meeting?.startsAt.slice(0, 4))
    .sort((a, b) => b[0].localeCompare(a[0]))
    .map(([year, n]) => {
      const active = request.filters.from === `${year}-01-01` && request.filters.to === `${year}-12-31`;
      return { key: year, label: year, count: n, active, apply: active ? { from: undefined, to: undefined } : { from: `${year}-01-01`, to: `${year}-12-31` } };
    });
  const mine = all?.records.filter((r) => r.personal).length ?? 0;
  const filtered = Object.keys(request.filters).length > 0;

  const save = async () => {
    const result = await client.saveSearch({ name: request.query.trim(), query: request.query.trim(), filters: request.filters });
    if (!result.ok) return toast({ tone: 'danger', title: t('search.saveFailed'), description: language === 'nl' ? result.error.nl : result.error.en });
    loadSaved();
    const id = result.value.id;
    toast({
      tone: 'success',
      title: t('search.saved', { name: request.query.trim() }),
      actions: [{ label: t('common.undo'), onAction: () => void client.deleteSavedSearch({ savedSearchId: id }).then(loadSaved) }],
    });
  };
  const remove = async (s: SavedSearch) => {
    await client.deleteSavedSearch({ savedSearchId: s.id });
    loadSaved();
    toast({
      tone: 'info',
      title: t('search.savedRemoved', { name: s.name }),
      actions: [{ label: t('common.undo'), onAction: () => void client.saveSearch({ name: s.name, query: s.query, filters: s.filters }).then(loadSaved) }],
    });
  };

  const group = (title: string, facets: Facet[]) =>
    facets.length > 0 && (
      <section className="facet-group" aria-label={title}>
        <h3>{title}</h3>
        <ul>
          {facets.map((f) => (
            <li key={f.key}>
              <button type="button" className="facet" aria-pressed={f.active} onClick={() => narrow(f.apply)}>
                <span className="facet-label">{f.label}</span>
                <span className="facet-count">{f.count}</span>
              </button>
            </li>
          ))}
        </ul>
      </section>
    );

  return (
    <aside className="facets pane" aria-label={t('search.facets')}>
      <div className="pane-head">
        <h2>{t('search.facets')}</h2>
        {filtered && (
          <Button size="sm" variant="subtle" onPress={() => onSearch({ ...request, filters: {} })}>
            {t('search.clearFilters')}
          </Button>
        )}
      </div>
      {request.query.trim() && (
        <div className="facet-save">
          <Button size="sm" icon={<BookmarkPlus />} onPress={() => void save()}>
            {t('search.save')}
          </Button>
        </div>
      )}
      {group(t('search.facetType'), types)}
      {group(t('search.facetMeeting'), meetings.slice(0, 8))}
      {group(t('search.facetPeriod'), years)}
      {mine > 0 && (
        <section className="facet-group" aria-label={t('search.facetMine')}>
          <h3>{t('search.facetMine')}</h3>
          <ul>
            <li>
              <button type="button" className="facet" onClick={() => document.getElementById('search-records')?.scrollIntoView()}>
                <span className="facet-label">{t('search.mineItems')}</span>
                <span className="facet-count">{mine}</span>
              </button>
            </li>
          </ul>
        </section>
      )}
      {saved.length > 0 && (
        <section className="facet-group" aria-label={t('search.savedSearches')}>
          <h3>{t('search.savedSearches')}</h3>
          <ul>
            {saved.map((s) => (
              <li key={s.id} className="saved-search">
                <button type="button" className="facet" onClick={() => onSearch({ query: s.query, filters: s.filters, sort: 'relevance' })}>
                  <Bookmark size={14} aria-hidden="true" />
                  <span className="facet-label">{s.name}</span>
                  {s.unseenAlerts > 0 && <span className="facet-count unseen">{t('alerts.count', { n: s.unseenAlerts })}</span>}
                </button>
                <IconButton size="sm" label={t('search.savedRemove', { name: s.name })} icon={<Trash2 />} onPress={() => void remove(s)} />
              </li>
            ))}
          </ul>
        </section>
      )}
    </aside>
  );
}

