// The document's annotations beside the reader, as compact cards (after
// Zotero 7): a bar in the highlight's colour, the quote (three lines, all of
// it when chosen), the note that becomes a field on click or Enter, tags as
// chips, the page, and a "…" menu (colour, copy as a quotation, quote in a
// motion, delete). Sorted by page or date, filtered by colour and tag. A
// delete asks nothing but can be undone from its toast. Those a new version
// of the document no longer holds are listed apart, with their quote, to
// re-attach to a new selection or delete. Nothing private disappears silently.
// A card whose passage a new version changed says so ("Passage gewijzigd in
// nieuwe versie") until it is re-attached.
import './annotation-panel.css';
import { Check, Copy, Ellipsis, FileDiff, Plus, Quote, Trash2, X } from 'lucide-react';
import { useEffect, useId, useRef, useState, useSyncExternalStore, type KeyboardEvent, type MouseEvent } from 'react';
import { ANNOTATION_COLORS } from '../../../shared/api-constants.ts';
import type { Annotation, AnnotationColor } from '../../../shared/api.ts';
import { formatShortDate } from '../../../shared/format.ts';
import { useT } from '../i18n/i18n.tsx';
import { Button, Menu, SegmentedControl, toast, type MenuAction } from '../ui/index.ts';
import { useRovingFocus } from '../ui/roving.ts';
import { recreateInput } from './annotation-restore.ts';

type Changes = { note?: string; tags?: string[]; color?: AnnotationColor };
type Sort = 'page' | 'date';

interface Props {
  annotations: readonly Annotation[];
  selectedId: string | null;
  /** A text selection exists in the reader: orphans can be re-attached to it. */
  canReattach: boolean;
  /** Opens the note field of this annotation (just made with "highlight + note", or a new point note). */
  focusNoteOf: string | null;
  onSelect: (annotation: Annotation) => void;
  onUpdate: (annotationId: string, changes: Changes) => void;
  onDelete: (annotationId: string) => void;
  onReattach: (annotationId: string) => void;
  /** The document's title, for "Kopiëren als citaat": “quote” (Title, blz. N). */
  documentTitle?: string | undefined;
  /** Offers "Citeren in motie…" on a highlight's card. */
  onQuote?: ((annotation: Annotation) => void) | undefined;
  /**
   * Makes a deleted annotation again (createAnnotation with recreateInput(annotation)): the toast's
   * "Ongedaan maken". Without it (and for orphans, which cannot be placed again) a delete waits until
   * its toast has gone, and "Ongedaan maken" only shows the card again.
   */
  onRestore?: ((annotation: Annotation) => void) | undefined;
}

// Deletes waiting for their toast to go: hidden here, still in the store. Kept outside the panel, so
// switching panels or closing the reader in the meantime neither loses nor shows them.
const waiting = new Set<string>();
const waitingListeners = new Set<() => void>();
let waitingVersion = 0;
const subscribeWaiting = (listener: () => void) => {
  waitingListeners.add(listener);
  return () => void waitingListeners.delete(listener);
};
function setWaiting(id: string, on: boolean) {
  if (on) waiting.add(id);
  else waiting.delete(id);
  waitingVersion++;
  for (const listener of waitingListeners) listener();
}

// The order chosen stays while the app runs (the panel is made anew when the reader switches panels).
let lastSort: Sort = 'page';

const colorClass = (color: AnnotationColor | null) => `ap-color-${color ?? 'none'}`;
const excerpt = (text: string) => (text.length > 80 ? `${text.slice(0, 80).trimEnd()}…` : text);
const oneLine = (text: string) => text.replace(/\s+/g, ' ').trim();
const byPage = (a: Annotation, b: Annotation) => a.page - b.page || (a.position?.start ?? 0) - (b.position?.start ?? 0) || a.createdAt.localeCompare(b.createdAt);
const byDate = (a: Annotation, b: Annotation) => b.createdAt.localeCompare(a.createdAt) || byPage(a, b);

export function AnnotationPanel({ annotations, selectedId, canReattach, focusNoteOf, onSelect, onUpdate, onDelete, onReattach, documentTitle, onQuote, onRestore }: Props) {
  const { t } = useT();
  const id = useId();
  const headingId = `${id}-heading`;
  const hintId = `${id}-hint`;
  const list = useRef<HTMLUListElement>(null);
  useSyncExternalStore(subscribeWaiting, () => waitingVersion);
  const [sort, setSortState] = useState<Sort>(lastSort);
  const setSort = (value: Sort) => {
    lastSort = value;
    setSortState(value);
  };
  const [colorFilter, setColorFilter] = useState<ReadonlySet<AnnotationColor>>(new Set());
  const [tagFilter, setTagFilter] = useState<ReadonlySet<string>>(new Set());
  const roving = useRovingFocus(list, '.ap-card', () => list.current?.querySelector<HTMLElement>('.ap-card[aria-current="true"]') ?? undefined);

  const shown = annotations.filter((a) => !waiting.has(a.id));
  const placed = shown.filter((a) => a.onCurrentVersion);
  const orphaned = shown.filter((a) => !a.onCurrentVersion);
  const colorsInUse = ANNOTATION_COLORS.filter((c) => placed.some((a) => a.color === c));
  const tagsInUse = [...new Set(placed.flatMap((a) => a.tags))].sort((a, b) => a.localeCompare(b, 'nl'));
  // A filter on a colour or tag no longer in use no longer filters.
  const colors = colorsInUse.filter((c) => colorFilter.has(c));
  const tags = tagsInUse.filter((tag) => tagFilter.has(tag));
  const filtering = colors.length > 0 || tags.length > 0;
  const matching = placed
    .filter((a) => (colors.length === 0 || (a.color !== null && colors.includes(a.color))) && (tags.length === 0 || a.tags.some((tag) => tags.includes(tag))))
    .sort(sort === 'page' ? byPage : byDate);
  const clearFilter = () => {
    setColorFilter(new Set());
    setTagFilter(new Set());
  };
  const toggle = <T,>(set: ReadonlySet<T>, value: T): Set<T> => {
    const next = new Set(set);
    if (next.has(value)) next.delete(value);
    else next.add(value);
    return next;
  };

  const remove = (annotation: Annotation) => {
    // The focus goes to the next card (or the one before), not to the page's start.
    const cards = roving.rows();
    const at = cards.findIndex((card) => card.dataset.annotationId === annotation.id);
    const neighbour = at >= 0 ? (cards[at + 1] ?? cards[at - 1]) : undefined;
    setTimeout(() => neighbour?.isConnected && roving.focus(neighbour));
    const title = t('cards.deleted');
    const undo = t('common.undo');
    if (onRestore && recreateInput(annotation)) {
      onDelete(annotation.id);
      toast({ tone: 'info', title, actions: [{ label: undo, onAction: () => onRestore(annotation) }] });
      return;
    }
    setWaiting(annotation.id, true);
    let undone = false;
    toast(
      {
        tone: 'info',
        title,
        actions: [
          {
            label: undo,
            onAction: () => {
              undone = true;
              setWaiting(annotation.id, false);
            },
          },
        ],
      },
      // Stays hidden after that: the reader drops it from its list once the store has deleted it.
      { onClose: () => !undone && onDelete(annotation.id) },
    );
  };

  return (
    <div className="annotation-panel ap">
      <div className="ap-head">
        <h3 id={headingId} className="ap-title">
          {t('annotations.title', { count: placed.length })}
        </h3>
        {placed.length > 1 && (
          <SegmentedControl<Sort>
            className="ap-sort"
            label={t('cards.sort')}
            value={sort}
            segments={[
              { id: 'page', label: t('cards.sortPage') },
              { id: 'date', label: t('cards.sortDate') },
            ]}
            onChange={(value) => value && setSort(value)}
          />
        )}
      </div>
      {placed.length > 1 && (colorsInUse.length > 1 || tagsInUse.length > 0) && (
        <div className="ap-filters">
          {colorsInUse.length > 1 && (
            <div role="group" aria-label={t('cards.filterColor')} className="ap-filter-colors">
              {colorsInUse.map((c) => (
                <button
                  key={c}
                  type="button"
                  className={`ap-color-toggle ${colorClass(c)}`}
                  aria-pressed={colors.includes(c)}
                  aria-label={t(`color.${c}`)}
                  title={t(`color.${c}`)}
                  onClick={() => setColorFilter((set) => toggle(set, c))}
                >
                  <span className="ap-dot" aria-hidden="true" />
                </button>
              ))}
            </div>
          )}
          {tagsInUse.length > 0 && (
            <div role="group" aria-label={t('cards.filterTag')} className="ap-filter-tags">
              {tagsInUse.map((tag) => (
                <button key={tag} type="button" className="ap-chip ap-chip--toggle" aria-pressed={tags.includes(tag)} onClick={() => setTagFilter((set) => toggle(set, tag))}>
                  #{tag}
                </button>
              ))}
            </div>
          )}
        </div>
      )}
      <p className="ap-shown" role="status">
        {filtering ? (
          <>
            {t('cards.shown', { shown: matching.length, total: placed.length })}
            <Button size="sm" variant="subtle" onPress={clearFilter}>
              {t('cards.clearFilter')}
            </Button>
          </>
        ) : null}
      </p>
      <span id={hintId} className="visually-hidden">
        {t('cards.editNoteHint')}
      </span>
      {placed.length === 0 && <p className="ap-empty">{t('annotations.empty')}</p>}
      {placed.length > 0 && matching.length === 0 && <p className="ap-empty">{t('cards.noMatch')}</p>}
      <ul
        ref={list}
        className="ap-list"
        aria-labelledby={headingId}
        onFocus={roving.onFocus}
        onKeyDown={(event) => {
          // ↑/↓/Home/End between the cards, when a card itself has the focus (not its note or a tag field).
          if ((event.target as HTMLElement).matches('.ap-card')) roving.onKeyDown(event);
        }}
      >
        {matching.map((a) => (
          <Card
            key={a.id}
            annotation={a}
            selected={a.id === selectedId}
            focusNote={a.id === focusNoteOf}
            showDate={sort === 'date'}
            hintId={hintId}
            documentTitle={documentTitle}
            onSelect={onSelect}
            onUpdate={onUpdate}
            onQuote={onQuote}
            onRemove={remove}
          />
        ))}
      </ul>
      {orphaned.length > 0 && (
        <section className="ap-orphans" aria-labelledby={`${id}-orphans`}>
          <h3 id={`${id}-orphans`} className="ap-title">
            {t('annotations.orphaned', { count: orphaned.length })}
          </h3>
          <p className="ap-help">{t('annotations.orphanedHelp')}</p>
          <ul className="ap-list" aria-labelledby={`${id}-orphans`}>
            {orphaned.map((a) => (
              <li key={a.id} className={`ap-card ap-card--orphan ${colorClass(a.color)}`} data-annotation-id={a.id}>
                <div className="ap-card__head">
                  <span className="ap-page">{t('annotations.wasOnPage', { page: a.page })}</span>
                </div>
                {a.changedInNewVersion && <ChangedPassage />}
                {a.quote && <blockquote className="ap-quote">{a.quote.exact}</blockquote>}
                {a.note && <p className="ap-note-text">{a.note}</p>}
                {a.tags.length > 0 && (
                  <ul className="ap-tags" aria-label={t('annotations.tags')}>
                    {a.tags.map((tag) => (
                      <li key={tag} className="ap-chip">
                        #{tag}
                      </li>
                    ))}
                  </ul>
                )}
                <div className="ap-card__actions">
                  <Button size="sm" variant="secondary" isDisabled={!canReattach} onPress={() => onReattach(a.id)}>
                    {t('annotations.reattach')}
                  </Button>
                  <Button size="sm" variant="subtle" icon={<Trash2 />} onPress={() => remove(a)}>
                    {t('annotations.delete')}
                  </Button>
                </div>
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}

function Card({
  annotation: a,
  selected,
  focusNote,
  showDate,
  hintId,
  documentTitle,
  onSelect,
  onUpdate,
  onQuote,
  onRemove,
}: {
  annotation: Annotation;
  selected: boolean;
  focusNote: boolean;
  showDate: boolean;
  hintId: string;
  documentTitle: string | undefined;
  onSelect: Props['onSelect'];
  onUpdate: Props['onUpdate'];
  onQuote: Props['onQuote'];
  onRemove: (annotation: Annotation) => void;
}) {
  const { t, language } = useT();
  const card = useRef<HTMLLIElement>(null);
  useEffect(() => {
    if (selected) card.current?.scrollIntoView({ block: 'nearest' });
  }, [selected]);
  // What was last sent to the store: what a delete removes (and an undo must bring back), even when
  // the store's answer to a change has not come back yet.
  const sent = useRef<Changes>({});
  const update = (changes: Changes) => {
    Object.assign(sent.current, changes);
    onUpdate(a.id, changes);
  };

  const copy = async () => {
    const quote = oneLine(a.quote?.exact ?? '');
    const text = documentTitle ? t('cards.citation', { quote, title: documentTitle, page: a.page }) : t('cards.citationNoTitle', { quote, page: a.page });
    try {
      await navigator.clipboard.writeText(text);
      toast({ tone: 'success', title: t('cards.copied') });
    } catch {
      toast({ tone: 'danger', title: t('cards.copyFailed') });
    }
  };

  const actions: MenuAction[] = [];
  if (a.quote) actions.push({ id: 'copy', label: t('cards.copyQuote'), icon: <Copy /> });
  if (a.quote && onQuote) actions.push({ id: 'quote', label: t('cards.quoteInMotion'), icon: <Quote /> });
  if (a.kind === 'highlight') {
    for (const [i, c] of ANNOTATION_COLORS.entries()) {
      actions.push({
        id: `color:${c}`,
        label: t(c === a.color ? 'cards.colorCurrent' : 'cards.color', { color: t(`color.${c}`) }),
        icon: <span className={`ap-swatch ${colorClass(c)}`}>{c === a.color && <Check strokeWidth={3} />}</span>,
        separatorBefore: i === 0 && actions.length > 0,
      });
    }
  }
  actions.push({ id: 'delete', label: t('annotations.delete'), icon: <Trash2 />, separatorBefore: actions.length > 0 });
  const act = (action: string) => {
    if (action === 'copy') void copy();
    else if (action === 'quote') onQuote?.(a);
    else if (action === 'delete') onRemove({ ...a, ...sent.current });
    else if (action.startsWith('color:')) {
      const color = action.slice('color:'.length) as AnnotationColor;
      if (color !== a.color) update({ color });
    }
  };

  const text = a.quote ? oneLine(a.quote.exact) : a.note || t('annotations.pointNote');
  const named = t(a.kind === 'highlight' ? 'cards.highlightLabel' : 'cards.noteLabel', { page: a.page, text: excerpt(text) });
  const label = a.changedInNewVersion ? `${named}. ${t('changes.annotationChanged')}` : named;
  const onClick = (event: MouseEvent) => {
    // Not for its menu (also not for the menu's items, drawn elsewhere), tags and fields.
    const target = event.target as HTMLElement;
    if (!event.currentTarget.contains(target) || target.closest('.ap-card__menu, .ap-tags, textarea')) return;
    if (selected && target.closest('.ap-note')) return; // editing the chosen card's note does not scroll the page back
    onSelect(a);
  };
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.target !== event.currentTarget || (event.key !== 'Enter' && event.key !== ' ')) return;
    event.preventDefault();
    onSelect(a);
  };
  return (
    // The card is one stop of the list's roving focus (↑/↓); Enter or Space chooses it, its controls follow on Tab.
    <li
      ref={card}
      tabIndex={-1}
      className={`ap-card ${colorClass(a.color)}${selected ? ' is-selected' : ''}`}
      aria-current={selected ? 'true' : undefined}
      aria-label={label}
      data-annotation-id={a.id}
      onClick={onClick}
      onKeyDown={onKeyDown}
    >
      <div className="ap-card__head">
        <span className="ap-page">{t('cards.page', { page: a.page })}</span>
        {a.anchorStatus === 'moved' && <span className="ap-moved">{t('annotations.moved')}</span>}
        {showDate && <span className="ap-date">{formatShortDate(a.createdAt, language)}</span>}
        <span className="ap-card__menu">
          <Menu label={t('cards.more', { page: a.page })} icon={<Ellipsis />} iconOnly variant="subtle" size="sm" actions={actions} onAction={act} />
        </span>
      </div>
      {a.changedInNewVersion && <ChangedPassage />}
      {a.quote && <blockquote className="ap-quote">{a.quote.exact}</blockquote>}
      <NoteField annotation={a} open={focusNote} hintId={hintId} onSave={(note) => update({ note })} />
      <TagsField tags={a.tags} onChange={(tags) => update({ tags })} />
    </li>
  );
}

/** "Passage gewijzigd in nieuwe versie": a new version changed (or took out) the passage the annotation is on. */
function ChangedPassage() {
  const { t } = useT();
  return (
    <p className="ap-changed">
      <FileDiff aria-hidden="true" />
      {t('changes.annotationChanged')}
    </p>
  );
}

/** The note as text; a click or Enter makes it a field, saved while typing, on leaving it and on Ctrl+Enter; Escape takes back the edit. */
function NoteField({ annotation: a, open, hintId, onSave }: { annotation: Annotation; open: boolean; hintId: string; onSave: (note: string) => void }) {
  const { t } = useT();
  const [editing, setEditing] = useState(false);
  const [text, setText] = useState(a.note);
  const before = useRef(a.note); // the note when the edit began: Escape goes back to it
  const saved = useRef(a.note); // the note last sent
  const live = useRef({ editing, text });
  live.current = { editing, text };
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  const closing = useRef(false);
  const display = useRef<HTMLButtonElement>(null);
  const field = useRef<HTMLTextAreaElement>(null);
  const save = useRef(onSave);
  save.current = onSave;

  const send = (value: string) => {
    clearTimeout(timer.current);
    if (value === saved.current) return;
    saved.current = value;
    save.current(value);
  };
  const begin = () => {
    before.current = a.note;
    saved.current = a.note;
    closing.current = false;
    setText(a.note);
    setEditing(true);
  };
  const end = (value: string | null, refocus: boolean) => {
    closing.current = true;
    if (value === null) {
      // Escape: what typing already saved is taken back too.
      clearTimeout(timer.current);
      send(before.current);
      setText(before.current);
    } else send(value);
    setEditing(false);
    if (refocus) requestAnimationFrame(() => display.current?.focus());
  };

  // Outside an edit, the text follows the saved note.
  useEffect(() => {
    if (!editing) setText(a.note);
  }, [a.note, editing]);
  // A note asked for (a new "highlight + note", a new point note) opens at once.
  useEffect(() => {
    if (open) begin();
  }, [open]);
  useEffect(() => {
    if (!editing) return;
    const el = field.current;
    el?.focus();
    el?.setSelectionRange(el.value.length, el.value.length);
  }, [editing]);
  // What is still being typed when the card goes (the reader closes) is saved, not lost.
  useEffect(
    () => () => {
      clearTimeout(timer.current);
      if (live.current.editing && live.current.text !== saved.current) save.current(live.current.text);
    },
    [],
  );

  if (!editing) {
    return (
      <button ref={display} type="button" className={`ap-note${a.note ? '' : ' ap-note--empty'}`} aria-describedby={hintId} onClick={begin}>
        {a.note || t('cards.addNote')}
      </button>
    );
  }
  return (
    <div className="ap-note-edit">
      <textarea
        ref={field}
        className="ap-note-field"
        aria-label={t('annotations.note')}
        aria-describedby={`${hintId}-keys-${a.id}`}
        value={text}
        rows={2}
        maxLength={20000}
        onChange={(event) => {
          const value = event.target.value;
          setText(value);
          clearTimeout(timer.current);
          timer.current = setTimeout(() => send(value), 800);
        }}
        onBlur={() => !closing.current && end(text, false)}
        onKeyDown={(event) => {
          if (event.key === 'Escape') {
            // Only the edit ends: the reader must not take Escape as "close".
            event.stopPropagation();
            event.preventDefault();
            end(null, true);
          } else if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
            event.preventDefault();
            end(text, true);
          }
        }}
      />
      <span id={`${hintId}-keys-${a.id}`} className="ap-keys">
        {t('cards.noteKeys')}
      </span>
    </div>
  );
}

/** Tags as chips: × removes one, "Label toevoegen" opens a small field (Enter adds and stays, Escape stops). */
function TagsField({ tags: saved, onChange }: { tags: readonly string[]; onChange: (tags: string[]) => void }) {
  const { t } = useT();
  // Shown at once, before the store answers.
  const [tags, setTags] = useState<readonly string[]>(saved);
  const key = saved.join('\u0000');
  useEffect(() => setTags(saved), [key]);
  const [adding, setAdding] = useState(false);
  const [value, setValue] = useState('');
  const addButton = useRef<HTMLButtonElement>(null);
  const stopping = useRef(false); // Escape: the field goes without adding what was typed
  const change = (next: string[]) => {
    setTags(next);
    onChange(next);
  };
  const add = () => {
    const typed = value
      .split(/[\s,]+/)
      .map((tag) => tag.replace(/^#+/, '').trim().slice(0, 40))
      .filter(Boolean);
    setValue('');
    const next = [...new Set([...tags, ...typed])].slice(0, 20);
    if (next.length !== tags.length) change(next);
  };
  const focusLater = (el: () => HTMLElement | null | undefined) => requestAnimationFrame(() => el()?.focus());
  return (
    <div className="ap-tags">
      {tags.map((tag) => (
        <span key={tag} className="ap-chip">
          #{tag}
          <button
            type="button"
            className="ap-chip__remove"
            aria-label={t('cards.removeTag', { tag })}
            onClick={() => {
              change(tags.filter((other) => other !== tag));
              focusLater(() => addButton.current);
            }}
          >
            <X aria-hidden="true" />
          </button>
        </span>
      ))}
      {adding ? (
        <input
          className="ap-tag-field"
          aria-label={t('cards.newTag')}
          value={value}
          maxLength={200}
          autoFocus
          onChange={(event) => setValue(event.target.value)}
          onBlur={() => {
            if (!stopping.current) add();
            setAdding(false);
          }}
          onKeyDown={(event) => {
            if (event.key === 'Enter') {
              event.preventDefault();
              add();
            } else if (event.key === 'Escape') {
              event.stopPropagation();
              event.preventDefault();
              stopping.current = true;
              setValue('');
              setAdding(false);
              focusLater(() => addButton.current);
            }
          }}
        />
      ) : (
        tags.length < 20 && (
          <button
            ref={addButton}
            type="button"
            className="ap-chip ap-chip--add"
            onClick={() => {
              stopping.current = false;
              setAdding(true);
            }}
          >
            <Plus aria-hidden="true" />
            {t('cards.addTag')}
          </button>
        )
      )}
    </div>
  );
}
