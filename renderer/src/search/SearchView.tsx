// Search across everything: a search box with suggestions while typing,
// filters, and results grouped by document with their best pages and the
// words marked. A page opens the reader there.
import { useEffect, useId, useRef, useState } from 'react';
import type { SearchFilters, SearchResults, Suggestion } from '../../../shared/api.ts';
import type { RaadsmapClient } from '../../../shared/client-api.ts';
import type { ErrorInfo } from '../../../shared/errors.ts';
import { formatShortDate } from '../../../shared/format.ts';
import type { SnippetPart } from '../../../shared/search/analyser.ts';
import { useT } from '../i18n/i18n.tsx';
import type { MessageId } from '../i18n/messages.ts';
import { DateField } from '../ui/index.ts';
import { EmptySearch } from './EmptySearch.tsx';
import { ChangesBadge } from '../changes/ChangesBadge.tsx';
import { ErrorMessage } from '../shell/ErrorMessage.tsx';

export interface SearchRequest {
  query: string;
  filters: SearchFilters;
  sort: 'relevance' | 'date';
}

interface Props {
  client: RaadsmapClient;
  request: SearchRequest;
  onSearch: (request: SearchRequest) => void;
  /** `mark`: what to mark in the document (the query and the other forms and synonyms it matched). */
  onOpenDocument: (documentId: number, page: number, query: string, mark?: string) => void;
  onOpenMeeting: (meetingId: number) => void;
}

type State = { kind: 'idle' } | { kind: 'loading' } | { kind: 'error'; error: ErrorInfo } | { kind: 'ready'; results: SearchResults };

export function SearchView({ client, request, onSearch, onOpenDocument, onOpenMeeting }: Props) {
  const { t } = useT();
  const [state, setState] = useState<State>({ kind: 'idle' });
  const heading = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    if (!request.query.trim()) return setState({ kind: 'idle' });
    let current = true;
    setState({ kind: 'loading' });
    void client.search({ query: request.query, filters: request.filters, sort: request.sort, limit: 30 }).then((result) => {
      if (!current) return;
      setState(result.ok ? { kind: 'ready', results: result.value } : { kind: 'error', error: result.error });
    });
    return () => {
      current = false;
    };
  }, [client, request]);

  useEffect(() => {
    if (state.kind === 'ready') heading.current?.focus();
  }, [state.kind]);

  return (
    <section className="search-view" aria-labelledby="search-heading">
      <h2 id="search-heading" ref={heading} tabIndex={-1}>
        {t('search.results')}
      </h2>
      <Filters request={request} onSearch={onSearch} />
      {state.kind === 'loading' && (
        <p className="muted" aria-live="polite">
          {t('search.searching')}
        </p>
      )}
      {state.kind === 'error' && (
        <ErrorMessage error={state.error} />
      )}
      {state.kind === 'ready' && (
        <Results
          results={state.results}
          onOpenDocument={onOpenDocument}
          onOpenMeeting={onOpenMeeting}
          onSearchQuery={(query) => onSearch({ ...request, query })}
          filtered={Object.keys(request.filters).length > 0}
          onClearFilters={() => onSearch({ ...request, filters: {} })}
        />
      )}
    </section>
  );
}

function Filters({ request, onSearch }: { request: SearchRequest; onSearch: (request: SearchRequest) => void }) {
  const { t } = useT();
  const set = (filters: Partial<SearchFilters>) => onSearch({ ...request, filters: clean({ ...request.filters, ...filters }) });
  return (
    <form className="filters" aria-label={t('search.filters')} onSubmit={(e) => e.preventDefault()}>
      <div>
        <DateField label={t('search.from')} value={request.filters.from ?? ''} onChange={(value) => set({ from: value || undefined })} />
      </div>
      <div>
        <DateField label={t('search.to')} value={request.filters.to ?? ''} onChange={(value) => set({ to: value || undefined })} />
      </div>
      <div>
        <label htmlFor="filter-sort">{t('search.sort')}</label>
        <select id="filter-sort" value={request.sort} onChange={(e) => onSearch({ ...request, sort: e.target.value as SearchRequest['sort'] })}>
          <option value="relevance">{t('search.relevance')}</option>
          <option value="date">{t('search.newest')}</option>
        </select>
      </div>
    </form>
  );
}

export function clean(filters: SearchFilters): SearchFilters {
  return Object.fromEntries(Object.entries(filters).filter(([, v]) => v !== undefined && v !== '')) as SearchFilters;
}

function Results({
  results,
  onOpenDocument,
  onOpenMeeting,
  onSearchQuery,
  filtered,
  onClearFilters,
}: {
  results: SearchResults;
  filtered: boolean;
  onClearFilters: () => void;
  onOpenDocument: Props['onOpenDocument'];
  onOpenMeeting: Props['onOpenMeeting'];
  onSearchQuery: (query: string) => void;
}) {
  const { t, documentType, language } = useT();
  const lang = language === 'en' ? 'en' : 'nl';
  return (
    <>
      {results.notice && (
        <p className="notice" role="status">
          {results.notice[lang]}
        </p>
      )}
      {results.didYouMean && (
        <p className="did-you-mean">
          {t('search.didYouMean')}{' '}
          <button type="button" className="link-button" onClick={() => onSearchQuery(results.didYouMean!)}>
            {results.didYouMean}
          </button>
          ?{' '}
          {t('search.didYouMeanShown')}
        </p>
      )}
      <p aria-live="polite" className="result-count">
        {results.total === 0
          ? t('search.none')
          : results.partialFrom === 0
            ? t('search.onlyPartial', { n: results.total })
            : t(results.totalIsEstimate ? 'search.foundMore' : 'search.found', { n: results.total })}
        {results.index.building && ` ${t('search.indexing', { done: results.index.indexedPages, total: results.index.totalPages })}`}
      </p>
      {results.total === 0 && results.records.length === 0 && !results.notice && <EmptySearch query={results.query} filtered={filtered} onClearFilters={onClearFilters} />}
      {results.documents.length > 0 && (
        <ol className="results">
          {results.documents.map((doc, i) => (
            <li key={doc.documentId} className={doc.partial ? 'result partial' : 'result'}>
              {i === results.partialFrom && (
                <div className="partial-heading">
                  <h3>{t('search.partial')}</h3>
                  <p className="muted">{t('search.partialExplain')}</p>
                </div>
              )}
              <h3 className="result-title">
                {doc.title}
                {doc.changes && (
                  <>
                    {' '}
                    <ChangesBadge changes={doc.changes} />
                  </>
                )}
              </h3>
              {doc.partial && doc.missing.length > 0 && (
                <p className="result-words">
                  {doc.matched.map((word) => (
                    <span key={word} className="word-found">
                      {word}
                    </span>
                  ))}
                  <span className="visually-hidden">{t('search.missing')}</span>
                  {doc.missing.map((word) => (
                    <del key={word} className="word-missing">
                      {word}
                    </del>
                  ))}
                </p>
              )}
              <p className="result-meta">
                {documentType(doc.type)}
                {doc.meeting && (
                  <>
                    {' · '}
                    <button type="button" className="link-button" onClick={() => onOpenMeeting(doc.meeting!.id)}>
                      {doc.meeting.title}, {formatShortDate(doc.meeting.startsAt, language)}
                    </button>
                  </>
                )}
                {doc.agendaItem && ` · ${t('search.item', { item: `${doc.agendaItem.number ? `${doc.agendaItem.number} ` : ''}${doc.agendaItem.title}` })}`}
                {doc.otherMeetings > 0 && ` · ${t('search.alsoOn', { meetings: t('count.otherMeetings', { n: doc.otherMeetings }) })}`}
              </p>
              <ul className="hits">
                {doc.pages.map((page) => (
                  <li key={page.page}>
                    <button type="button" className="hit" onClick={() => onOpenDocument(doc.documentId, page.page, results.query, results.markQuery)}>
                      <span className="hit-page">{t('search.page', { page: page.page })}</span>
                      <Snippet parts={page.snippet} />
                    </button>
                  </li>
                ))}
              </ul>
              {doc.pageHits > doc.pages.length && <p className="muted">{t('search.morePages', { n: doc.pageHits - doc.pages.length })}</p>}
            </li>
          ))}
        </ol>
      )}
      {results.records.length > 0 && (
        <>
          <h3 id="search-records">{t('search.alsoFound')}</h3>
          <ul className="records">
            {results.records.map((r) => (
              <li key={`${r.kind}:${r.refId}`}>
                <span className={r.personal ? 'badge personal' : 'badge'}>{t(`record.${r.kind}` as MessageId)}</span>{' '}
                {r.meetingId !== null && r.kind !== 'annotation' ? (
                  <button type="button" className="link-button" onClick={() => onOpenMeeting(r.meetingId!)}>
                    {r.title}
                  </button>
                ) : r.documentId !== null ? (
                  <button type="button" className="link-button" onClick={() => onOpenDocument(r.documentId!, r.page ?? 1, results.query)}>
                    {r.title}
                  </button>
                ) : (
                  r.title
                )}
              </li>
            ))}
          </ul>
        </>
      )}
    </>
  );
}

export function Snippet({ parts }: { parts: SnippetPart[] }) {
  return (
    <span className="snippet">
      {parts.map((part, i) => (part.match ? <mark key={i}>{part.text}</mark> : <span key={i}>{part.text}</span>))}
    </span>
  );
}

/**
 * The search box of the header: suggestions while typing (words from the
 * documents and titles), as an accessible combobox.
 */
export function SearchBox({ client, initial, onSearch }: { client: RaadsmapClient; initial: string; onSearch: (query: string) => void }) {
  const { t } = useT();
  const [text, setText] = useState(initial);
  const [suggestions, setSuggestions] = useState<Suggestion[]>([]);
  const [active, setActive] = useState(-1);
  const [open, setOpen] = useState(false);
  const listId = useId();
  const inputRef = useRef<HTMLInputElement>(null);

  useEffect(() => setText(initial), [initial]);

  useEffect(() => {
    if (!open || text.trim().length < 2) return setSuggestions([]);
    let current = true;
    const timer = setTimeout(() => {
      void client.suggest({ text, limit: 8 }).then((result) => {
        if (current && result.ok) {
          setSuggestions(result.value);
          setActive(-1);
        }
      });
    }, 120);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [client, text, open]);

  // "/" anywhere (outside a text field) jumps to the search box.
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement | null;
      if (event.key === '/' && !(target && /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))) {
        event.preventDefault();
        inputRef.current?.focus();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const submit = (query: string) => {
    setOpen(false);
    setSuggestions([]);
    if (query.trim()) onSearch(query.trim());
  };
  const expanded = open && suggestions.length > 0;
  return (
    <form
      className="search-box"
      role="search"
      aria-label={t('search.landmark')}
      onSubmit={(e) => {
        e.preventDefault();
        submit(active >= 0 ? suggestions[active]!.text : text);
      }}
    >
      <label htmlFor="global-search" className="visually-hidden">
        {t('search.label')}
      </label>
      <input
        id="global-search"
        ref={inputRef}
        type="search"
        role="combobox"
        aria-expanded={expanded}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={active >= 0 ? `${listId}-${active}` : undefined}
        placeholder={t('search.placeholder')}
        autoComplete="off"
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          setOpen(true);
        }}
        onBlur={() => setTimeout(() => setOpen(false), 150)}
        onKeyDown={(e) => {
          if (!expanded) return;
          if (e.key === 'ArrowDown') {
            e.preventDefault();
            setActive((a) => (a + 1) % suggestions.length);
          } else if (e.key === 'ArrowUp') {
            e.preventDefault();
            setActive((a) => (a <= 0 ? suggestions.length - 1 : a - 1));
          } else if (e.key === 'Escape') {
            setOpen(false);
          }
        }}
      />
      <button type="submit">{t('search.submit')}</button>
      <ul id={listId} role="listbox" className="suggestions" aria-label={t('search.suggestions')} hidden={!expanded}>
        {suggestions.map((s, i) => (
          <li
            key={s.text}
            id={`${listId}-${i}`}
            role="option"
            aria-selected={i === active}
            onMouseDown={(e) => {
              e.preventDefault();
              submit(s.text);
            }}
          >
            {s.text}
            {s.kind === 'title' && <span className="muted"> — {t('search.titleSuggestion')}</span>}
          </li>
        ))}
      </ul>
    </form>
  );
}
