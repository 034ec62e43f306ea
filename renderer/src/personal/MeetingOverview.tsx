// "Mijn voorbereiding": everything of my own for one meeting in one view,
// per agenda item my position, my notes, my highlights and notes on its
// documents (to filter by label) and my motion drafts; then the drafts that
// belong to no item.
import { useEffect, useState } from 'react';
import Markdown from 'react-markdown';
import remarkGfm from 'remark-gfm';
import type { MeetingOverview as Overview } from '../../../shared/api.ts';
import type { RaadsmapClient } from '../../../shared/client-api.ts';
import type { ErrorInfo } from '../../../shared/errors.ts';
import { useT } from '../i18n/i18n.tsx';
import { DraftList } from './DraftList.tsx';
import { ErrorMessage } from '../shell/ErrorMessage.tsx';

interface Props {
  client: RaadsmapClient;
  meetingId: number;
  onOpenDocument: (documentId: number, page: number, agendaItemId: number) => void;
  onOpenMotion: (draftId: string) => void;
}

type Loaded = { kind: 'loading' } | { kind: 'error'; error: ErrorInfo } | { kind: 'ready'; overview: Overview };

export function MeetingOverview({ client, meetingId, onOpenDocument, onOpenMotion }: Props) {
  const { t } = useT();
  const [loaded, setLoaded] = useState<Loaded>({ kind: 'loading' });
  const [tag, setTag] = useState('');

  useEffect(() => {
    let cancelled = false;
    void client.meetingOverview({ meetingId }).then((result) => {
      if (!cancelled) setLoaded(result.ok ? { kind: 'ready', overview: result.value } : { kind: 'error', error: result.error });
    });
    return () => {
      cancelled = true;
    };
  }, [client, meetingId]);

  if (loaded.kind === 'loading') return <p className="muted" aria-busy="true">{t('overview.loading')}</p>;
  if (loaded.kind === 'error') {
    return (
      <ErrorMessage error={loaded.error} />
    );
  }
  const { overview } = loaded;
  if (overview.items.length === 0 && overview.unlinkedDrafts.length === 0) {
    return (
      <div className="overview empty-overview">
        <p>{t('overview.empty')}</p>
        <p className="muted">{t('overview.emptyHelp')}</p>
      </div>
    );
  }
  const activeTag = overview.tags.includes(tag) ? tag : '';
  const total = overview.items.reduce((n, item) => n + item.annotations.length, 0);
  const shown = overview.items.reduce((n, item) => n + item.annotations.filter((a) => !activeTag || a.tags.includes(activeTag)).length, 0);
  return (
    <div className="overview">
      {overview.tags.length > 0 && (
        <div className="overview-filter">
          <label htmlFor={`overview-tag-${meetingId}`}>{t('overview.tagFilter')}</label>{' '}
          <select id={`overview-tag-${meetingId}`} value={activeTag} onChange={(e) => setTag(e.target.value)}>
              <option value="">{t('overview.allTags')}</option>
              {overview.tags.map((name) => (
                <option key={name} value={name}>
                  #{name}
                </option>
              ))}
          </select>{' '}
          <span className="muted" aria-live="polite">
            {t('overview.shownAnnotations', { shown, total })}
          </span>
        </div>
      )}
      <ol className="overview-items">
        {overview.items.map((item) => {
          const annotations = item.annotations.filter((a) => !activeTag || a.tags.includes(activeTag));
          const headingId = `overview-item-${item.agendaItemId}`;
          return (
            <li key={item.agendaItemId} className="overview-item" aria-labelledby={headingId}>
              <h4 id={headingId} className="item-heading">
                {item.number && <span className="item-number">{item.number}</span>}
                <span className="item-title">{item.title}</span>
                {item.note?.stance && <span className={`badge stance-badge stance-${item.note.stance}`}>{t(`stance.${item.note.stance}`)}</span>}
              </h4>
              {item.note?.body.trim() && (
                <div className="note-preview overview-note" role="region" aria-label={t('overview.noteOf', { item: item.number ?? item.title })}>
                  <NoteMarkdown body={item.note.body} />
                </div>
              )}
              {annotations.length > 0 && (
                <ul className="overview-annotations" aria-label={t('overview.annotationsOf', { item: item.number ?? item.title })}>
                  {annotations.map((a) => (
                    <li key={a.id} className="annotation">
                      <div className="annotation-head">
                        <span className={`swatch swatch-${a.color ?? 'note'}`} aria-hidden="true" />
                        <span className="muted small">{a.color ? t(`color.${a.color}`) : t('annotations.pointNote')}</span>
                        <button
                          type="button"
                          className="link-button"
                          onClick={() => onOpenDocument(a.documentId, a.page, item.agendaItemId)}
                          aria-label={t('overview.openAt', { title: a.documentTitle, page: a.page })}
                        >
                          {t('overview.page', { page: a.page })}
                        </button>
                        <span className="muted small">{a.documentTitle}</span>
                        {a.anchorStatus !== 'anchored' && <span className="badge">{t(`overview.anchor.${a.anchorStatus}`)}</span>}
                      </div>
                      {a.quote && <p className="quote">“{a.quote.exact}”</p>}
                      {a.note && <p className="annotation-note">{a.note}</p>}
                      {a.tags.length > 0 && (
                        <p className="tags small">
                          {a.tags.map((name) => (
                            <span key={name} className="tag">
                              #{name}
                            </span>
                          ))}
                        </p>
                      )}
                    </li>
                  ))}
                </ul>
              )}
              <DraftList drafts={item.drafts} onOpenMotion={onOpenMotion} />
            </li>
          );
        })}
      </ol>
      {overview.unlinkedDrafts.length > 0 && (
        <section aria-labelledby="overview-unlinked">
          <h4 id="overview-unlinked">{t('overview.unlinked')}</h4>
          <DraftList drafts={overview.unlinkedDrafts} onOpenMotion={onOpenMotion} />
        </section>
      )}
    </div>
  );
}

/** My own Markdown: links shown as text, no images (nothing in a note loads or navigates). */
function NoteMarkdown({ body }: { body: string }) {
  const { t } = useT();
  let checkbox = 0;
  return (
    <Markdown
      remarkPlugins={[remarkGfm]}
      components={{
        a: ({ children }) => <span className="link-text">{children}</span>,
        img: () => null,
        // Read only here: ticked in the notes themselves.
        input: ({ checked }) => <input type="checkbox" checked={checked ?? false} disabled aria-label={t('notes.checkbox', { n: ++checkbox })} />,
      }}
    >
      {body}
    </Markdown>
  );
}
