// Quotes the selected passage into one of my motion drafts for the
// document's meetings: as a "constaterende dat" or "overwegende dat" point
// with its citation (document, page); for an amendement, into the toelichting.
import { useEffect, useRef, useState } from 'react';
import type { MotionDraftSummary } from '../../../shared/api.ts';
import type { RaadsmapClient } from '../../../shared/client-api.ts';
import type { ErrorInfo } from '../../../shared/errors.ts';
import { citationLabel } from '../../../shared/motion-layout.ts';
import type { Consideration, MotionContent } from '../../../shared/motion.ts';
import { useT } from '../i18n/i18n.tsx';
import type { PageSelection } from './selection.ts';
import { ErrorMessage } from '../shell/ErrorMessage.tsx';

interface Props {
  client: RaadsmapClient;
  meetingIds: number[];
  documentId: number;
  documentTitle: string;
  selection: PageSelection;
  /** With the draft's title when the quote was added. */
  onClose: (addedTo?: string) => void;
}

export function QuoteDialog({ client, meetingIds, documentId, documentTitle, selection, onClose }: Props) {
  const { t } = useT();
  const dialog = useRef<HTMLDialogElement>(null);
  const [drafts, setDrafts] = useState<MotionDraftSummary[] | null>(null);
  const [draftId, setDraftId] = useState('');
  const [section, setSection] = useState<'constaterende' | 'overwegende'>('constaterende');
  const [error, setError] = useState<ErrorInfo | null>(null);

  // The reader passes a new array on every render (scrolling, the selection): load once per set of meetings,
  // or the user's choice of draft would be reset to the first while the dialog is open.
  const meetings = meetingIds.join(',');
  useEffect(() => {
    if (!dialog.current?.open) dialog.current?.showModal();
    let cancelled = false;
    void (async () => {
      const ids = meetings.split(',').filter(Boolean).map(Number);
      const lists = await Promise.all(ids.map((meetingId) => client.listMotionDrafts({ meetingId })));
      if (cancelled) return;
      const found = lists.flatMap((r) => (r.ok ? r.value : []));
      setDrafts(found);
      setDraftId(found[0]?.id ?? '');
    })();
    return () => {
      cancelled = true;
    };
  }, [client, meetings]);

  const add = async () => {
    const draft = await client.getMotionDraft({ draftId });
    if (!draft.ok) return setError(draft.error);
    const quote = `“${selection.exact.replace(/\s+/g, ' ').trim()}”`;
    const citation = { documentId, documentTitle, page: selection.page };
    const content: MotionContent = { ...draft.value.content };
    if (content.kind === 'motie') {
      // An empty point (as a new draft has) is filled rather than left above the quote.
      const points = content[section].filter((p: Consideration) => p.text.trim() || p.citation);
      content[section] = [...points, { text: quote, citation }];
    } else {
      content.toelichting = [content.toelichting.trim(), `${quote} ${citationLabel(citation)}`].filter(Boolean).join('\n\n');
    }
    const saved = await client.saveMotionDraft({ draftId, content, checkpoint: true });
    if (!saved.ok) return setError(saved.error);
    dialog.current?.close();
    onClose(saved.value.title || t('motion.untitled'));
  };

  const chosen = drafts?.find((d) => d.id === draftId);
  return (
    <dialog
      ref={dialog}
      className="quote-dialog"
      aria-labelledby="quote-title"
      onCancel={(event) => {
        event.preventDefault();
        dialog.current?.close();
        onClose();
      }}
    >
      <h2 id="quote-title">{t('quote.title')}</h2>
      <blockquote className="quote">“{selection.exact}”</blockquote>
      <p className="muted">{citationLabel({ documentId, documentTitle, page: selection.page })}</p>
      {error && (
        <ErrorMessage error={error} />
      )}
      {drafts && drafts.length === 0 && <p>{t('quote.none')}</p>}
      {drafts && drafts.length > 0 && (
        <form
          id="quote-form"
          onSubmit={(event) => {
            event.preventDefault();
            void add();
          }}
        >
          <label className="stacked">
            {t('quote.draft')}
            <select value={draftId} onChange={(e) => setDraftId(e.target.value)}>
              {drafts.map((d) => (
                <option key={d.id} value={d.id}>
                  {d.kind === 'motie' ? t('motion.motie') : t('motion.amendement')}: {d.title || t('motion.untitled')}
                </option>
              ))}
            </select>
          </label>
          {chosen?.kind === 'motie' && (
            <label className="stacked">
              {t('quote.section')}
              <select value={section} onChange={(e) => setSection(e.target.value as typeof section)}>
                <option value="constaterende">{t('quote.constaterende')}</option>
                <option value="overwegende">{t('quote.overwegende')}</option>
              </select>
            </label>
          )}
        </form>
      )}
      <div className="actions">
        {drafts && drafts.length > 0 && (
          <button type="submit" form="quote-form">
            {t('quote.add')}
          </button>
        )}
        <button
          type="button"
          onClick={() => {
            dialog.current?.close();
            onClose();
          }}
        >
          {t('quote.cancel')}
        </button>
      </div>
    </dialog>
  );
}
