// "Fractiebundel maken": choose the agenda items and documents, then one PDF
// with a cover, my agenda notes and positions, my drafts and every document
// with my annotations. Made in the export thread with progress and a cancel
// button; documents that could not be included are listed with the reason.
import { useEffect, useMemo, useState } from 'react';
import type { AgendaItemView, ExportProblem, MeetingDetail, MeetingOverview } from '../../../shared/api.ts';
import type { RaadsmapClient } from '../../../shared/client-api.ts';
import type { ErrorInfo, Progress } from '../../../shared/errors.ts';
import { announceSaved, saveExport } from '../api/download.ts';
import { ModalDialog } from '../shell/ModalDialog.tsx';
import { ProgressStatus } from '../shell/ProgressStatus.tsx';
import { useT } from '../i18n/i18n.tsx';
import { ErrorMessage } from '../shell/ErrorMessage.tsx';
import { flattenAgenda } from './home.ts';

type State =
  | { kind: 'choosing' }
  | { kind: 'running'; taskId: string; progress: Progress | null }
  | { kind: 'done'; fileName: string; pageCount: number; problems: ExportProblem[] }
  | { kind: 'failed'; error: ErrorInfo }
  | { kind: 'cancelled' };


/** The items with my notes, positions, annotations or drafts; all items when I have none yet. */
function preselected(items: readonly AgendaItemView[], overview: MeetingOverview | null): Set<number> {
  const mine = new Set(
    (overview?.items ?? []).filter((i) => i.note?.stance || i.note?.body.trim() || i.annotations.length > 0 || i.drafts.length > 0).map((i) => i.agendaItemId),
  );
  const chosen = items.filter((i) => mine.has(i.id)).map((i) => i.id);
  return new Set(chosen.length > 0 ? chosen : items.map((i) => i.id));
}

export function BundleDialog({ client, meeting, overview, onClose }: { client: RaadsmapClient; meeting: MeetingDetail; overview: MeetingOverview | null; onClose: () => void }) {
  const { t, message } = useT();
  // Every item at any depth, section items ("1 Raadzaal") too: they carry documents of their own.
  const items = useMemo(() => flattenAgenda(meeting.agenda).filter((i) => i.status === 'active'), [meeting]);
  const [chosenItems, setChosenItems] = useState(() => preselected(items, overview));
  const [chosenDocuments, setChosenDocuments] = useState(() => new Set(items.flatMap((i) => i.documents.filter((d) => d.status === 'active').map((d) => d.id))));
  const [flattenHighlights, setFlatten] = useState(false);
  const [state, setState] = useState<State>({ kind: 'choosing' });

  // Progress of this export comes as events of the call.
  useEffect(
    () =>
      client.onEvent((event) => {
        if (event.type === 'progress' && event.task === 'exportBundle') setState((s) => (s.kind === 'running' ? { ...s, progress: event.progress } : s));
      }),
    [client],
  );

  const toggle = (set: Set<number>, id: number, on: boolean) => {
    const next = new Set(set);
    if (on) next.add(id);
    else next.delete(id);
    return next;
  };

  const make = async () => {
    const taskId = `bundle-${crypto.randomUUID()}`;
    setState({ kind: 'running', taskId, progress: null });
    const result = await client.exportBundle({ meetingId: meeting.id, agendaItemIds: [...chosenItems], documentIds: [...chosenDocuments], flatten: flattenHighlights, taskId });
    if (!result.ok) return setState(result.error.code === 'cancelled' ? { kind: 'cancelled' } : { kind: 'failed', error: result.error });
    const saved = await saveExport(client, result.value);
    if (!saved.ok) return setState({ kind: 'failed', error: saved.error });
    announceSaved(client, saved.value, t, message, t('bundle.pages', { pages: result.value.pageCount }));
    setState({ kind: 'done', fileName: saved.value.fileName, pageCount: result.value.pageCount, problems: result.value.problems });
  };

  // The documents' pages chosen (the cover and my notes come on top).
  const totalPages = [...new Map(items.filter((i) => chosenItems.has(i.id)).flatMap((i) => i.documents.filter((d) => chosenDocuments.has(d.id)).map((d) => [d.id, d.pageCount] as const))).values()].reduce((a, b) => a + b, 0);

  const close = () => {
    if (state.kind === 'running') void client.cancelTask({ taskId: state.taskId });
    onClose();
  };

  return (
    <ModalDialog labelledBy="bundle-title" className="bundle-dialog" onClose={close}>
      <h2 id="bundle-title">{t('bundle.title', { meeting: meeting.title })}</h2>
      <p className="muted">{t('bundle.help')}</p>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void make();
        }}
      >
        <fieldset disabled={state.kind === 'running'}>
          <legend>{t('bundle.choose')}</legend>
          <div className="actions">
            <button type="button" onClick={() => (setChosenItems(new Set(items.map((i) => i.id))), setChosenDocuments(new Set(items.flatMap((i) => i.documents.map((d) => d.id)))))}>
              {t('bundle.all')}
            </button>
            <button type="button" onClick={() => (setChosenItems(new Set()), setChosenDocuments(new Set()))}>
              {t('bundle.none')}
            </button>
          </div>
          <ul className="bundle-items">
            {items.map((item) => (
              <li key={item.id}>
                <label>
                  <input type="checkbox" checked={chosenItems.has(item.id)} onChange={(e) => setChosenItems(toggle(chosenItems, item.id, e.target.checked))} /> {item.number ? `${item.number} ` : ''}
                  {item.title}
                </label>
                {item.documents.length > 0 && (
                  <ul>
                    {item.documents.map((d) => (
                      <li key={d.id}>
                        <label>
                          <input type="checkbox" disabled={!chosenItems.has(item.id)} checked={chosenItems.has(item.id) && chosenDocuments.has(d.id)} onChange={(e) => setChosenDocuments(toggle(chosenDocuments, d.id, e.target.checked))} />{' '}
                          {d.title} <span className="muted">({t('count.pages', { n: d.pageCount })})</span>
                        </label>
                      </li>
                    ))}
                  </ul>
                )}
              </li>
            ))}
          </ul>
          <label>
            <input type="checkbox" checked={flattenHighlights} onChange={(e) => setFlatten(e.target.checked)} /> {t('export.flatten')}
          </label>
        </fieldset>
        <p className="bundle-total">{t('bundle.total', { n: totalPages })}</p>
        {state.kind === 'running' && <ProgressStatus progress={state.progress} />}
        <div role="status" aria-live="polite">
          {state.kind === 'done' && <p>{t('bundle.done', { file: state.fileName, pages: state.pageCount })}</p>}
          {state.kind === 'cancelled' && <p>{t('bundle.cancelled')}</p>}
        </div>
        {state.kind === 'done' && state.problems.length > 0 && (
          <div className="notice notice-warning" role="alert">
            <p>{t('bundle.problems')}</p>
            <ul>
              {state.problems.map((p) => (
                <li key={p.documentId}>{message(p)}</li>
              ))}
            </ul>
          </div>
        )}
        {state.kind === 'failed' && (
          <ErrorMessage error={state.error} />
        )}
        <div className="actions">
          {state.kind === 'running' ? (
            <button type="button" onClick={() => void client.cancelTask({ taskId: state.taskId })}>
              {t('bundle.cancel')}
            </button>
          ) : (
            <button type="submit" className="rm-button rm-button--primary rm-button--md" disabled={chosenItems.size === 0}>
              {t('bundle.make')}
            </button>
          )}
          <button type="button" onClick={close}>
            {t('bundle.close')}
          </button>
        </div>
      </form>
    </ModalDialog>
  );
}
