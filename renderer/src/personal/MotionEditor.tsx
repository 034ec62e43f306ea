// The editor of one motion draft (motie or amendement): every field of the
// form a griffie expects, saved as I type (and whatever is pending when the
// editor closes), with its status, its revisions to go back to, a live
// preview of the layout the exports use, export to Word or PDF, and delete.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { MotionDraft } from '../../../shared/api.ts';
import type { RaadsmapClient } from '../../../shared/client-api.ts';
import type { ErrorInfo } from '../../../shared/errors.ts';
import { formatDateTime } from '../../../shared/format.ts';
import { citationLabel } from '../../../shared/motion-layout.ts';
import { MOTION_STATUSES, type AmendementContent, type Consideration, type MotieContent, type MotionContent, type MotionStatus, type Submitter } from '../../../shared/motion.ts';
import { announceSaved, saveExport } from '../api/download.ts';
import { useT } from '../i18n/i18n.tsx';
import { Download, FileText, FileType } from 'lucide-react';
import { Button, DateField, Dialog, Menu, toast } from '../ui/index.ts';
import type { MessageId } from '../i18n/messages.ts';
import { MotionPreview } from './MotionPreview.tsx';
import { ErrorMessage } from '../shell/ErrorMessage.tsx';

const SAVE_DELAY_MS = 800;

interface Props {
  client: RaadsmapClient;
  draftId: string;
  onClose: () => void;
  onOpenDocument: (documentId: number, page: number) => void;
}

type SaveState = 'idle' | 'pending' | 'saving' | 'saved';

export function MotionEditor({ client, draftId, onClose, onOpenDocument }: Props) {
  const { t, language, message } = useT();
  const [draft, setDraft] = useState<MotionDraft | null>(null);
  const [content, setContent] = useState<MotionContent | null>(null);
  const [status, setStatus] = useState<MotionStatus>('concept');
  const [saveState, setSaveState] = useState<SaveState>('idle');
  const [error, setError] = useState<ErrorInfo | null>(null);
  const [notice, setNotice] = useState('');
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [busy, setBusy] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  // The content typed but not yet sent to the core.
  const pending = useRef<MotionContent | null>(null);

  useEffect(() => {
    let cancelled = false;
    void client.getMotionDraft({ draftId }).then((result) => {
      if (cancelled) return;
      if (!result.ok) return setError(result.error);
      setDraft(result.value);
      setContent(result.value.content);
      setStatus(result.value.status);
    });
    return () => {
      cancelled = true;
    };
  }, [client, draftId]);

  const loaded = draft !== null;
  useEffect(() => {
    if (loaded) heading.current?.focus();
  }, [loaded]);

  const save = useCallback(
    async (next: MotionContent, options: { status?: MotionStatus; checkpoint?: boolean } = {}) => {
      setSaveState('saving');
      const result = await client.saveMotionDraft({ draftId, content: next, ...options });
      if (!result.ok) {
        setSaveState('idle');
        setError(result.error);
        return false;
      }
      // Only what the core adds (revisions, status, time): the text may have moved on while saving.
      setDraft(result.value);
      setError(null);
      setSaveState(pending.current ? 'pending' : 'saved');
      return true;
    },
    [client, draftId],
  );

  // Saves go one after another, so an older text can never overtake a newer one on its way to the core.
  const queue = useRef<Promise<boolean>>(Promise.resolve(true));
  /** Sends what is pending now (after any save under way); resolves false when saving failed. */
  const flush = useCallback(() => {
    clearTimeout(timer.current);
    queue.current = queue.current.then(() => {
      const next = pending.current;
      pending.current = null;
      return next ? save(next) : true;
    });
    return queue.current;
  }, [save]);

  const change = (next: MotionContent) => {
    setContent(next);
    pending.current = next;
    setSaveState('pending');
    clearTimeout(timer.current);
    timer.current = setTimeout(() => void flush(), SAVE_DELAY_MS);
  };

  // Closing the editor (back, another view) saves what is pending.
  useEffect(
    () => () => {
      clearTimeout(timer.current);
      if (pending.current) void client.saveMotionDraft({ draftId, content: pending.current });
      pending.current = null;
    },
    [client, draftId],
  );

  const changeStatus = async (next: MotionStatus) => {
    if (!content) return;
    setStatus(next);
    await flush();
    queue.current = queue.current.then(() => save(content, { status: next, checkpoint: true }));
    await queue.current;
  };

  const restore = async (revisionId: number) => {
    if (!(await flush())) return;
    const result = await client.restoreMotionRevision({ draftId, revisionId });
    if (!result.ok) return setError(result.error);
    setDraft(result.value);
    setContent(result.value.content);
    setNotice(t('motion.restored'));
  };

  // Checked before an export: what a griffie would send back.
  const [checking, setChecking] = useState<{ format: 'docx' | 'pdf'; problems: string[] } | null>(null);
  const requestExport = (format: 'docx' | 'pdf') => {
    const problems = content ? exportProblems(content).map((id) => t(id)) : [];
    if (problems.length > 0) setChecking({ format, problems });
    else void exportAs(format);
  };

  const exportAs = async (format: 'docx' | 'pdf') => {
    setChecking(null);
    setBusy(true);
    try {
      if (!(await flush())) return;
      const file = await client.exportMotion({ draftId, format });
      const saved = file.ok ? await saveExport(client, file.value) : file;
      if (!saved.ok) return setError(saved.error);
      setError(null);
      announceSaved(client, saved.value, t, message);
    } finally {
      setBusy(false);
    }
  };

  const remove = async () => {
    clearTimeout(timer.current);
    pending.current = null;
    const gone = draft && content ? { kind: content.kind, meetingId: draft.meetingId, agendaItemId: draft.agendaItemId, content, status } : null;
    const result = await client.deleteMotionDraft({ draftId });
    if (!result.ok) return setError(result.error);
    onClose();
    // Private work: one more chance. A new draft with the same text (the version history went with the old one).
    if (gone)
      toast({
        tone: 'info',
        title: t('motion.deleted', { kind: gone.kind === 'motie' ? t('motion.motie') : t('motion.amendement') }),
        actions: [
          {
            label: t('common.undo'),
            onAction: () =>
              void client.createMotionDraft({ kind: gone.kind, meetingId: gone.meetingId, agendaItemId: gone.agendaItemId ?? undefined }).then((created) => {
                if (created.ok) void client.saveMotionDraft({ draftId: created.value.id, content: gone.content, status: gone.status, checkpoint: true });
              }),
          },
        ],
      });
  };

  if (!draft || !content) {
    return (
      <section className="motion-editor" aria-label={t('motion.editor')} aria-busy={error ? undefined : 'true'}>
        <button type="button" onClick={onClose}>
          {t('common.back')}
        </button>
        {error ? (
          <ErrorMessage error={error} />
        ) : (
          <p className="muted">{t('motion.loading')}</p>
        )}
      </section>
    );
  }

  const kindName = content.kind === 'motie' ? t('motion.motie') : t('motion.amendement');
  const set = <K extends keyof MotionContent>(key: K, value: MotionContent[K]) => change({ ...content, [key]: value } as MotionContent);
  return (
    <section className="motion-editor" aria-labelledby="motion-heading">
      <header className="motion-header">
        <button type="button" onClick={onClose}>
          {t('common.back')}
        </button>
        <h2 id="motion-heading" ref={heading} tabIndex={-1}>
          {kindName}: {content.title.trim() || t('motion.untitled')}
        </h2>
        <p className="save-status muted" aria-live="polite">
          {saveState === 'saving' ? t('notes.saving') : saveState === 'saved' ? t('motion.savedStatus') : saveState === 'pending' ? t('motion.unsaved') : ''}
        </p>
      </header>
      {error && (
        <ErrorMessage error={error} />
      )}
      <p className={notice ? 'notice notice-success' : 'visually-hidden'} role="status">
        {notice}
      </p>
      <div className="motion-actions actions">
        <label>
          {t('motion.status')}{' '}
          <select value={status} onChange={(e) => void changeStatus(e.target.value as MotionStatus)}>
            {MOTION_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`motion.status.${s}`)}
              </option>
            ))}
          </select>
        </label>
        <Menu
          label={t('motion.export')}
          icon={<Download />}
          variant="primary"
          actions={[
            { id: 'docx', label: t('motion.exportDocx'), icon: <FileText />, isDisabled: busy },
            { id: 'pdf', label: t('motion.exportPdf'), icon: <FileType />, isDisabled: busy },
          ]}
          onAction={(id) => requestExport(id as 'docx' | 'pdf')}
        />
        {confirmDelete ? (
          <span className="confirm" role="group" aria-label={t('motion.deleteConfirm', { kind: kindName })}>
            <span>{t('motion.deleteConfirm', { kind: kindName })}</span>{' '}
            <button type="button" className="danger" onClick={() => void remove()}>
              {t('motion.deleteYes')}
            </button>
            <button
              type="button"
              autoFocus
              onClick={() => {
                setConfirmDelete(false);
                requestAnimationFrame(() => document.getElementById('motion-delete')?.focus());
              }}
            >
              {t('quote.cancel')}
            </button>
          </span>
        ) : (
          <button type="button" id="motion-delete" onClick={() => setConfirmDelete(true)}>
            {t('motion.delete')}
          </button>
        )}
      </div>
      {checking && (
        <Dialog title={t('motion.checkTitle')} onClose={() => setChecking(null)} size="sm">
          <p>{t('motion.checkHelp')}</p>
          <ul className="check-list">
            {checking.problems.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
          <div className="rm-dialog-actions">
            <Button variant="subtle" onPress={() => void exportAs(checking.format)}>
              {t('motion.checkAnyway')}
            </Button>
            <Button variant="primary" autoFocus onPress={() => setChecking(null)}>
              {t('motion.checkBack')}
            </Button>
          </div>
        </Dialog>
      )}
      <div className="motion-columns">
        <form className="motion-form" onSubmit={(e) => e.preventDefault()} aria-label={t('motion.form', { kind: kindName })}>
          <label className="stacked">
            {t('motion.title')}
            <input value={content.title} maxLength={500} onChange={(e) => set('title', e.target.value)} />
          </label>
          <fieldset>
            <legend>{t('motion.meeting')}</legend>
            <div className="field-row">
              <label className="stacked">
                {t('motion.municipality')}
                <input value={content.municipality} maxLength={200} onChange={(e) => set('municipality', e.target.value)} />
              </label>
              <DateField className="stacked" label={t('motion.meetingDate')} name="meetingDate" value={content.meetingDate} isRequired onChange={(value) => value && set('meetingDate', value)} />
            </div>
            <label className="stacked">
              {t('motion.meetingTitle')}
              <input value={content.meetingTitle} maxLength={500} onChange={(e) => set('meetingTitle', e.target.value)} />
            </label>
            <div className="field-row">
              <label className="stacked narrow">
                {t('motion.itemNumber')}
                <input value={content.agendaItem?.number ?? ''} maxLength={40} onChange={(e) => set('agendaItem', agendaItem(e.target.value, content.agendaItem?.title ?? ''))} />
              </label>
              <label className="stacked">
                {t('motion.itemTitle')}
                <input value={content.agendaItem?.title ?? ''} maxLength={1000} onChange={(e) => set('agendaItem', agendaItem(content.agendaItem?.number ?? '', e.target.value))} />
              </label>
            </div>
          </fieldset>
          <Submitters submitters={content.submitters} onChange={(submitters) => set('submitters', submitters)} />
          {content.kind === 'motie' ? (
            <MotieFields content={content} onChange={change} onOpenDocument={onOpenDocument} />
          ) : (
            <AmendementFields content={content} onChange={change} />
          )}
        </form>
        <aside className="motion-preview-pane" aria-labelledby="motion-preview-heading">
          <h3 id="motion-preview-heading">{t('motion.preview')}</h3>
          <MotionPreview content={content} status={status} />
        </aside>
      </div>
      <details className="revisions">
        <summary>{t('motion.revisions', { n: draft.revisions.length })}</summary>
        <ol>
          {draft.revisions.map((revision) => (
            <li key={revision.id}>
              <span>{formatDateTime(revision.createdAt, language)}</span> <span className="muted">{revision.title || t('motion.untitled')}</span>{' '}
              <button type="button" onClick={() => void restore(revision.id)} aria-label={t('motion.restoreLabel', { when: formatDateTime(revision.createdAt, language) })}>
                {t('motion.restore')}
              </button>
            </li>
          ))}
        </ol>
      </details>
    </section>
  );
}

/** null when both parts are empty: a motie vreemd aan de orde van de dag. */
function agendaItem(number: string, title: string): MotionContent['agendaItem'] {
  return number === '' && title === '' ? null : { number: number === '' ? null : number, title };
}

function Submitters({ submitters, onChange }: { submitters: Submitter[]; onChange: (next: Submitter[]) => void }) {
  const { t } = useT();
  const update = (index: number, changes: Partial<Submitter>) => onChange(submitters.map((s, i) => (i === index ? { ...s, ...changes } : s)));
  return (
    <fieldset>
      <legend>{t('motion.submitters')}</legend>
      {submitters.length === 0 && <p className="muted small">{t('motion.noSubmitters')}</p>}
      <ol className="points">
        {submitters.map((s, i) => (
          <li key={i} className="field-row">
            <label className="stacked">
              {t('motion.submitterName', { n: i + 1 })}
              <input value={s.name} maxLength={200} onChange={(e) => update(i, { name: e.target.value })} />
            </label>
            <label className="stacked">
              {t('motion.submitterFractie', { n: i + 1 })}
              <input value={s.fractie} maxLength={200} onChange={(e) => update(i, { fractie: e.target.value })} />
            </label>
            <button type="button" onClick={() => onChange(submitters.filter((_, j) => j !== i))} aria-label={t('motion.removeSubmitter', { n: i + 1 })}>
              {t('motion.remove')}
            </button>
          </li>
        ))}
      </ol>
      <button type="button" onClick={() => onChange([...submitters, { name: '', fractie: '' }])}>
        {t('motion.addSubmitter')}
      </button>
    </fieldset>
  );
}

function MotieFields({ content, onChange, onOpenDocument }: { content: MotieContent; onChange: (next: MotieContent) => void; onOpenDocument: Props['onOpenDocument'] }) {
  const { t } = useT();
  return (
    <>
      <PointList
        id="constaterende"
        legend={t('motion.constaterende')}
        points={content.constaterende}
        onChange={(constaterende) => onChange({ ...content, constaterende })}
        onOpenDocument={onOpenDocument}
      />
      <PointList
        id="overwegende"
        legend={t('motion.overwegende')}
        points={content.overwegende}
        onChange={(overwegende) => onChange({ ...content, overwegende })}
        onOpenDocument={onOpenDocument}
      />
      <PointList
        id="verzoekt"
        legend={t('motion.verzoekt')}
        points={content.verzoekt.map((text) => ({ text }))}
        onChange={(points) => onChange({ ...content, verzoekt: points.map((p) => p.text) })}
        onOpenDocument={onOpenDocument}
      />
    </>
  );
}

/** Numbered points, each a text (and maybe a citation), to add, remove and move up or down. */
function PointList({
  id,
  legend,
  points,
  onChange,
  onOpenDocument,
}: {
  id: string;
  legend: string;
  points: Consideration[];
  onChange: (next: Consideration[]) => void;
  onOpenDocument: Props['onOpenDocument'];
}) {
  const { t } = useT();
  const move = (from: number, to: number, keepFocusIn: 'buttons' | 'text' = 'buttons') => {
    const next = [...points];
    const [point] = next.splice(from, 1);
    next.splice(to, 0, point!);
    onChange(next);
    // The moved point keeps the focus: its text (Alt+↑/↓ while typing), or the same button in
    // its new place, or the other one at either end.
    const direction = to < from ? (to === 0 ? 'down' : 'up') : to === next.length - 1 ? 'up' : 'down';
    requestAnimationFrame(() => document.getElementById(keepFocusIn === 'text' ? `${id}-${to}-text` : `${id}-${to}-${direction}`)?.focus());
  };
  return (
    <fieldset className="point-list">
      <legend>{legend}</legend>
      <ol className="points">
        {points.map((point, i) => (
          <li key={i} className="point">
            <label className="stacked">
              {t('motion.point', { section: legend, n: i + 1 })}
              <textarea
                id={`${id}-${i}-text`}
                value={point.text}
                rows={3}
                maxLength={20_000}
                aria-keyshortcuts="Alt+ArrowUp Alt+ArrowDown"
                onChange={(e) => onChange(points.map((p, j) => (j === i ? { ...p, text: e.target.value } : p)))}
                onKeyDown={(e) => {
                  // Alt+↑ / Alt+↓ moves the point while typing in it.
                  if (!e.altKey || (e.key !== 'ArrowUp' && e.key !== 'ArrowDown')) return;
                  const to = e.key === 'ArrowUp' ? i - 1 : i + 1;
                  if (to < 0 || to >= points.length) return;
                  e.preventDefault();
                  move(i, to, 'text');
                }}
              />
            </label>
            {point.citation && (
              <p className="citation small">
                <span>{citationLabel(point.citation)}</span>{' '}
                <button type="button" className="link-button" onClick={() => onOpenDocument(point.citation!.documentId, point.citation!.page)}>
                  {t('motion.openCitation', { page: point.citation.page })}
                </button>
              </p>
            )}
            <div className="actions point-actions">
              <button type="button" id={`${id}-${i}-up`} disabled={i === 0} onClick={() => move(i, i - 1)} aria-label={t('motion.moveUp', { section: legend, n: i + 1 })}>
                ↑
              </button>
              <button type="button" id={`${id}-${i}-down`} disabled={i === points.length - 1} onClick={() => move(i, i + 1)} aria-label={t('motion.moveDown', { section: legend, n: i + 1 })}>
                ↓
              </button>
              <button type="button" onClick={() => onChange(points.filter((_, j) => j !== i))} aria-label={t('motion.removePoint', { section: legend, n: i + 1 })}>
                {t('motion.remove')}
              </button>
            </div>
          </li>
        ))}
      </ol>
      <button type="button" onClick={() => onChange([...points, { text: '' }])} aria-label={t('motion.addPointTo', { section: legend })}>
        {t('motion.addPoint')}
      </button>
    </fieldset>
  );
}

function AmendementFields({ content, onChange }: { content: AmendementContent; onChange: (next: AmendementContent) => void }) {
  const { t } = useT();
  const field = (key: 'deleteText' | 'addText' | 'toelichting', label: string, rows: number) => (
    <label className="stacked">
      {label}
      <textarea value={content[key]} rows={rows} maxLength={key === 'toelichting' ? 50_000 : 20_000} onChange={(e) => onChange({ ...content, [key]: e.target.value })} />
    </label>
  );
  return (
    <fieldset>
      <legend>{t('motion.change')}</legend>
      <label className="stacked">
        {t('motion.decisionPoint')}
        <input value={content.decisionPoint} maxLength={1000} placeholder={t('motion.decisionPointExample')} onChange={(e) => onChange({ ...content, decisionPoint: e.target.value })} />
      </label>
      {field('deleteText', t('motion.deleteText'), 4)}
      {field('addText', t('motion.addText'), 4)}
      {field('toelichting', t('motion.toelichting'), 6)}
    </fieldset>
  );
}

/** What is missing for the griffie: no submitter, an empty dictum, no agenda item. */
export function exportProblems(content: MotionContent): MessageId[] {
  const problems: MessageId[] = [];
  if (!content.submitters.some((s) => s.name.trim())) problems.push('motion.checkSubmitters');
  if (content.kind === 'motie' ? !content.verzoekt.some((v) => v.trim()) : !content.deleteText.trim() && !content.addText.trim()) problems.push('motion.checkDictum');
  if (!content.agendaItem) problems.push('motion.checkItem');
  return problems;
}
