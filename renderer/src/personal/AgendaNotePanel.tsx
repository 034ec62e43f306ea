// My notes on one agenda item: a position (voor / tegen / nog bespreken) and
// Markdown text with checklists, saved as I type; the preview's checkboxes can
// be ticked. Plus my motion drafts on the item, and new ones started from it.
import { Plus } from 'lucide-react';
import { useEffect, useRef, useState } from 'react';
import Markdown from 'react-markdown';
import remarkGfm from 'remark-gfm';
import { STANCES } from '../../../shared/api-constants.ts';
import type { AgendaNote, MotionDraftSummary, Stance } from '../../../shared/api.ts';
import type { RaadsmapClient } from '../../../shared/client-api.ts';
import type { ErrorInfo } from '../../../shared/errors.ts';
import { useT } from '../i18n/i18n.tsx';
import { DraftList } from './DraftList.tsx';
import { Button, SegmentedControl } from '../ui/index.ts';
import { ErrorMessage } from '../shell/ErrorMessage.tsx';

const SAVE_DELAY_MS = 600;

interface Props {
  client: RaadsmapClient;
  meetingId: number;
  agendaItemId: number;
  title: string;
  onOpenMotion: (draftId: string) => void;
  /** After each save (the agenda shows my position beside the item). */
  onSaved?: ((note: AgendaNote) => void) | undefined;
}

export function AgendaNotePanel({ client, meetingId, agendaItemId, title, onOpenMotion, onSaved }: Props) {
  const { t } = useT();
  // Shown at once when chosen (the save follows); the radios wait until the note is loaded.
  const [stance, setStance] = useState<Stance | null>(null);
  const [ready, setReady] = useState(false);
  const [body, setBody] = useState('');
  const [drafts, setDrafts] = useState<MotionDraftSummary[]>([]);
  const [status, setStatus] = useState<'idle' | 'saving' | 'saved'>('idle');
  const [error, setError] = useState<ErrorInfo | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  const pending = useRef<string | null>(null);

  useEffect(() => {
    let cancelled = false;
    void (async () => {
      const [loaded, list] = await Promise.all([client.getAgendaNote({ agendaItemId }), client.listMotionDrafts({ meetingId })]);
      if (cancelled) return;
      setReady(true);
      if (loaded.ok) {
        setStance(loaded.value.stance);
        setBody(loaded.value.body);
      } else setError(loaded.error);
      if (list.ok) setDrafts(list.value.filter((d) => d.agendaItemId === agendaItemId));
    })();
    return () => {
      cancelled = true;
    };
  }, [client, agendaItemId, meetingId]);

  const save = async (changes: { body?: string; stance?: Stance | null }) => {
    setStatus('saving');
    const result = await client.saveAgendaNote({ agendaItemId, ...changes });
    if (result.ok) {
      onSaved?.(result.value);
      setStatus('saved');
      setError(null);
    } else setError(result.error);
  };

  // Autosave a moment after typing stops, and whatever is pending when the panel closes.
  const changeBody = (text: string) => {
    setBody(text);
    pending.current = text;
    clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      pending.current = null;
      void save({ body: text });
    }, SAVE_DELAY_MS);
  };
  useEffect(
    () => () => {
      clearTimeout(timer.current);
      if (pending.current !== null) void client.saveAgendaNote({ agendaItemId, body: pending.current });
    },
    [client, agendaItemId],
  );

  // Ticking a checkbox in the preview ticks the n-th "- [ ]" in the text.
  const toggleCheckbox = (index: number) => {
    let seen = -1;
    changeBody(body.replace(/^(\s*[-*+]\s+\[)( |x|X)(\])/gm, (all, open: string, mark: string, close: string) => (++seen === index ? `${open}${mark === ' ' ? 'x' : ' '}${close}` : all)));
  };

  const newDraft = async (kind: 'motie' | 'amendement') => {
    const created = await client.createMotionDraft({ kind, meetingId, agendaItemId });
    if (created.ok) onOpenMotion(created.value.id);
    else setError(created.error);
  };

  let checkbox = -1;
  return (
    <section className="agenda-note" aria-labelledby={`agenda-note-${agendaItemId}`}>
      <h3 id={`agenda-note-${agendaItemId}`}>{t('notes.title', { item: title })}</h3>
      {error && (
        <ErrorMessage error={error} />
      )}
      <div className="stance">
        <span className="rm-field-label">
          {t('notes.stance')}
        </span>
        <SegmentedControl<Stance>
          label={t('notes.stance')}
          value={stance}
          isDisabled={!ready}
          allowNone={t('stance.none')}
          segments={STANCES.map((s) => ({ id: s, label: t(`stance.${s}`), tone: s === 'voor' ? 'success' : s === 'tegen' ? 'danger' : 'warning' }))}
          onChange={(s) => {
            setStance(s);
            void save({ stance: s });
          }}
        />
      </div>
      <label className="stacked">
        {t('notes.text')}
        <textarea value={body} readOnly={!ready} rows={6} maxLength={200_000} onChange={(e) => changeBody(e.target.value)} aria-describedby={`note-help-${agendaItemId}`} />
      </label>
      <p id={`note-help-${agendaItemId}`} className="muted small">
        {t('notes.help')} <span aria-live="polite">{status === 'saving' ? t('notes.saving') : status === 'saved' ? t('notes.saved') : ''}</span>
      </p>
      {body.trim() && (
        <div className="note-preview" aria-label={t('notes.preview')} role="region">
          <Markdown
            remarkPlugins={[remarkGfm]}
            // Links in my own notes are shown as text: nothing in a note navigates the app away.
            components={{
              a: ({ children }) => <span className="link-text">{children}</span>,
              img: () => null,
              input: ({ checked }) => {
                const index = ++checkbox;
                return <input type="checkbox" checked={checked ?? false} onChange={() => toggleCheckbox(index)} aria-label={t('notes.checkbox', { n: index + 1 })} />;
              },
            }}
          >
            {body}
          </Markdown>
        </div>
      )}
      <h4>{t('notes.drafts')}</h4>
      <DraftList drafts={drafts} onOpenMotion={onOpenMotion} />
      <div className="actions">
        <Button size="sm" icon={<Plus />} onPress={() => void newDraft('motie')}>
          {t('notes.newMotie')}
        </Button>
        <Button size="sm" icon={<Plus />} onPress={() => void newDraft('amendement')}>
          {t('notes.newAmendement')}
        </Button>
      </div>
    </section>
  );
}
