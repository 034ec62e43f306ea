// The document's annotations beside the reader: each with its page, quote,
// note, tags and colour, editable in place; those a new version of the
// document no longer holds are listed apart, with their quote, to re-attach
// to a new selection or delete. Nothing private disappears silently.
import { useEffect, useRef, useState } from 'react';
import { ANNOTATION_COLORS, type Annotation, type AnnotationColor } from '../../../shared/api.ts';
import { useT } from '../i18n/i18n.tsx';

interface Props {
  annotations: readonly Annotation[];
  selectedId: string | null;
  /** A text selection exists in the reader: orphans can be re-attached to it. */
  canReattach: boolean;
  /** Focus the note field of this annotation (just made with "highlight + note"). */
  focusNoteOf: string | null;
  onSelect: (annotation: Annotation) => void;
  onUpdate: (annotationId: string, changes: { note?: string; tags?: string[]; color?: AnnotationColor }) => void;
  onDelete: (annotationId: string) => void;
  onReattach: (annotationId: string) => void;
}

export function AnnotationPanel({ annotations, selectedId, canReattach, focusNoteOf, onSelect, onUpdate, onDelete, onReattach }: Props) {
  const { t } = useT();
  const placed = annotations.filter((a) => a.onCurrentVersion);
  const orphaned = annotations.filter((a) => !a.onCurrentVersion);
  return (
    <div className="annotation-panel">
      <h3 id="annotations-heading">{t('annotations.title', { count: placed.length })}</h3>
      {placed.length === 0 && <p className="muted">{t('annotations.empty')}</p>}
      <ul aria-labelledby="annotations-heading">
        {placed.map((a) => (
          <AnnotationItem key={a.id} annotation={a} selected={a.id === selectedId} focusNote={a.id === focusNoteOf} onSelect={onSelect} onUpdate={onUpdate} onDelete={onDelete} />
        ))}
      </ul>
      {orphaned.length > 0 && (
        <>
          <h3 id="orphans-heading">{t('annotations.orphaned', { count: orphaned.length })}</h3>
          <p className="muted">{t('annotations.orphanedHelp')}</p>
          <ul aria-labelledby="orphans-heading">
            {orphaned.map((a) => (
              <li key={a.id} className="annotation orphan">
                <p className="quote">“{a.quote?.exact ?? ''}”</p>
                {a.note && <p className="annotation-note">{a.note}</p>}
                <p className="muted">{t('annotations.wasOnPage', { page: a.page })}</p>
                <div className="actions">
                  <button type="button" disabled={!canReattach} onClick={() => onReattach(a.id)}>
                    {t('annotations.reattach')}
                  </button>
                  <button type="button" onClick={() => onDelete(a.id)}>
                    {t('annotations.delete')}
                  </button>
                </div>
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}

function AnnotationItem({
  annotation: a,
  selected,
  focusNote,
  onSelect,
  onUpdate,
  onDelete,
}: {
  annotation: Annotation;
  selected: boolean;
  focusNote: boolean;
  onSelect: Props['onSelect'];
  onUpdate: Props['onUpdate'];
  onDelete: Props['onDelete'];
}) {
  const { t } = useT();
  const item = useRef<HTMLLIElement>(null);
  const note = useRef<HTMLTextAreaElement>(null);
  useEffect(() => {
    if (selected) item.current?.scrollIntoView({ block: 'nearest' });
  }, [selected]);
  useEffect(() => {
    if (focusNote) note.current?.focus();
  }, [focusNote]);
  // What is typed stays while a save is under way (Tab from the note into the labels must not lose either).
  const [noteText, setNoteText] = useState(a.note);
  const pendingNote = useRef<string | null>(null);
  const [tagsText, setTagsText] = useState(tagText(a.tags));
  // A saved note comes back: taken over unless more was typed meanwhile (then that is saved next).
  useEffect(() => {
    if (pendingNote.current === null) setNoteText(a.note);
  }, [a.note]);
  // The note is saved a moment after typing stops (and on leaving the field), and what is still
  // pending when the annotation leaves the panel, so a note is not lost when the reader closes.
  const update = useRef(onUpdate);
  update.current = onUpdate;
  useEffect(() => {
    if (noteText === a.note) {
      pendingNote.current = null;
      return;
    }
    pendingNote.current = noteText;
    const timer = setTimeout(() => {
      pendingNote.current = null;
      update.current(a.id, { note: noteText });
    }, 800);
    return () => clearTimeout(timer);
  }, [noteText, a.note, a.id]);
  useEffect(
    () => () => {
      if (pendingNote.current !== null) update.current(a.id, { note: pendingNote.current });
    },
    [a.id],
  );
  const savedTags = tagText(a.tags);
  useEffect(() => setTagsText(savedTags), [savedTags]);
  const label = a.quote ? a.quote.exact.slice(0, 60) : t('annotations.pointNote');
  return (
    <li ref={item} className={`annotation${selected ? ' selected' : ''}`} data-annotation-id={a.id}>
      <div className="annotation-head">
        <span className={`swatch swatch-${a.color ?? 'note'}`} aria-hidden="true" />
        <button type="button" className="link-button" onClick={() => onSelect(a)}>
          {t('annotations.goToPage', { page: a.page })}
        </button>
        {a.anchorStatus === 'moved' && <span className="badge">{t('annotations.moved')}</span>}
      </div>
      {a.quote && <p className="quote">“{a.quote.exact}”</p>}
      <label className="stacked">
        {t('annotations.note')}
        <textarea ref={note} value={noteText} rows={2} maxLength={20000} onChange={(e) => setNoteText(e.target.value)} onBlur={(e) => e.target.value !== a.note && onUpdate(a.id, { note: e.target.value })} />
      </label>
      <label className="stacked">
        {t('annotations.tags')}
        <input
          value={tagsText}
          placeholder="#schulden #vragen"
          onChange={(e) => setTagsText(e.target.value)}
          onBlur={(e) => {
            const tags = e.target.value.split(/[\s,]+/).map((tag) => tag.replace(/^#/, '').trim()).filter(Boolean).slice(0, 20);
            if (tags.join(' ') !== a.tags.join(' ')) onUpdate(a.id, { tags });
          }}
        />
      </label>
      <div className="actions">
        {a.kind === 'highlight' && (
          <label>
            {t('annotations.color')}{' '}
            <select value={a.color ?? 'yellow'} onChange={(e) => onUpdate(a.id, { color: e.target.value as AnnotationColor })}>
              {ANNOTATION_COLORS.map((c) => (
                <option key={c} value={c}>
                  {t(`color.${c}`)}
                </option>
              ))}
            </select>
          </label>
        )}
        <button type="button" onClick={() => onDelete(a.id)} aria-label={t('annotations.deleteLabel', { label })}>
          {t('annotations.delete')}
        </button>
      </div>
    </li>
  );
}

const tagText = (tags: readonly string[]) => tags.map((tag) => `#${tag}`).join(' ');
