// Ctrl+K (or Cmd+K): every action and every meeting by typing a few letters,
// grouped (Acties, Vergaderingen, …) with icons and shortcut hints. A modal
// dialog with a combobox: arrows to choose, Enter to run, Escape to close
// (focus goes back where it was). When nothing matches: search all documents.
import { CalendarDays, FileText, ListTree, Search, Zap } from 'lucide-react';
import { useEffect, useId, useMemo, useRef, useState, type ReactNode } from 'react';
import { fold } from '../../../shared/search/analyser.ts';
import { useT } from '../i18n/i18n.tsx';

export type CommandGroup = 'actions' | 'meetings' | 'documents' | 'items';

export interface Command {
  id: string;
  group: CommandGroup;
  label: string;
  /** Shown after the label: a date, a shortcut. */
  hint?: string | undefined;
  run: () => void;
}

const GROUPS: { id: CommandGroup; icon: ReactNode }[] = [
  { id: 'actions', icon: <Zap size={16} /> },
  { id: 'meetings', icon: <CalendarDays size={16} /> },
  { id: 'documents', icon: <FileText size={16} /> },
  { id: 'items', icon: <ListTree size={16} /> },
];

export function CommandPalette({ commands, onSearchAll }: { commands: Command[]; onSearchAll: (text: string) => void }) {
  const { t } = useT();
  const [open, setOpen] = useState(false);
  const [text, setText] = useState('');
  const [active, setActive] = useState(0);
  const input = useRef<HTMLInputElement>(null);
  const returnFocus = useRef<HTMLElement | null>(null);
  const listId = useId();

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 'k') {
        event.preventDefault();
        returnFocus.current = document.activeElement as HTMLElement | null;
        setText('');
        setActive(0);
        setOpen(true);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
  useEffect(() => {
    if (open) input.current?.focus();
  }, [open]);

  const matches = useMemo(() => {
    const words = fold(text).split(/\s+/).filter(Boolean);
    const found = commands.filter((c) => words.every((w) => fold(`${c.label} ${c.hint ?? ''}`).includes(w)));
    // In group order, at most 8 per group.
    const ordered = GROUPS.flatMap((g) => found.filter((c) => c.group === g.id).slice(0, 8));
    if (ordered.length === 0 && text.trim()) {
      return [{ id: 'search-all', group: 'actions' as const, label: t('palette.searchAll', { text: text.trim() }), run: () => onSearchAll(text.trim()) }];
    }
    return ordered;
  }, [commands, text, t, onSearchAll]);

  if (!open) return null;
  const close = () => {
    setOpen(false);
    returnFocus.current?.focus();
  };
  const run = (command: Command | undefined) => {
    if (!command) return;
    setOpen(false);
    command.run();
  };
  const title = t('palette.title');
  return (
    <div className="palette-backdrop" onMouseDown={close}>
      <div className="palette" role="dialog" aria-modal="true" aria-label={title} onMouseDown={(e) => e.stopPropagation()}>
        <div className="palette-input">
          <Search size={16} aria-hidden="true" />
          <input
            ref={input}
            role="combobox"
            aria-expanded="true"
            aria-controls={listId}
            aria-activedescendant={matches[active] ? `${listId}-${active}` : undefined}
            aria-label={title}
            placeholder={t('palette.placeholder')}
            value={text}
            onChange={(e) => {
              setText(e.target.value);
              setActive(0);
            }}
            onKeyDown={(e) => {
              if (e.key === 'ArrowDown') {
                e.preventDefault();
                setActive((a) => Math.min(a + 1, matches.length - 1));
              } else if (e.key === 'ArrowUp') {
                e.preventDefault();
                setActive((a) => Math.max(a - 1, 0));
              } else if (e.key === 'Enter') {
                e.preventDefault();
                run(matches[active]);
              } else if (e.key === 'Escape') {
                e.preventDefault();
                close();
              }
            }}
          />
        </div>
        <div id={listId} role="listbox" aria-label={title} className="palette-list">
          {GROUPS.map((group) => {
            const items = matches.map((command, index) => ({ command, index })).filter(({ command }) => command.group === group.id);
            if (items.length === 0) return null;
            return (
              <div role="group" key={group.id} aria-labelledby={`${listId}-${group.id}`}>
                <div className="palette-group" id={`${listId}-${group.id}`} role="presentation">
                  {t(`palette.group.${group.id}`)}
                </div>
                {items.map(({ command, index }) => (
                  <div
                    key={command.id}
                    id={`${listId}-${index}`}
                    role="option"
                    aria-selected={index === active}
                    className="rm-listbox__item palette-option"
                    onMouseDown={() => run(command)}
                    onMouseEnter={() => setActive(index)}
                  >
                    <span className="rm-icon" aria-hidden="true">
                      {command.id === 'search-all' ? <Search size={16} /> : group.icon}
                    </span>
                    <span className="palette-label">{command.label}</span>
                    {command.hint && <kbd className="rm-kbd">{command.hint}</kbd>}
                  </div>
                ))}
              </div>
            );
          })}
          {matches.length === 0 && (
            <div role="option" aria-selected="false" aria-disabled="true" className="rm-listbox__item palette-option muted">
              {t('palette.none')}
            </div>
          )}
        </div>
      </div>
    </div>
  );
}
