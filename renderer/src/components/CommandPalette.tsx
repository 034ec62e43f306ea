// Ctrl+K (or Cmd+K): every action and every meeting by typing a few letters.
// A modal dialog with a combobox, keyboard only if the user likes: arrows to
// choose, Enter to run, Escape to close (focus goes back where it was).
import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { fold } from '../../../shared/search/analyser.ts';

export interface Command {
  id: string;
  label: string;
  /** Shown after the label: a date, a shortcut. */
  hint?: string | undefined;
  run: () => void;
}

export function CommandPalette({ commands, title, placeholder, noMatches }: { commands: Command[]; title: string; placeholder: string; noMatches: string }) {
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
    return commands.filter((c) => words.every((w) => fold(`${c.label} ${c.hint ?? ''}`).includes(w))).slice(0, 12);
  }, [commands, text]);

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
  return (
    <div className="palette-backdrop" onMouseDown={close}>
      <div className="palette" role="dialog" aria-modal="true" aria-label={title} onMouseDown={(e) => e.stopPropagation()}>
        <input
          ref={input}
          role="combobox"
          aria-expanded="true"
          aria-controls={listId}
          aria-activedescendant={matches[active] ? `${listId}-${active}` : undefined}
          aria-label={title}
          placeholder={placeholder}
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
        <ul id={listId} role="listbox" aria-label={title}>
          {matches.map((command, i) => (
            <li key={command.id} id={`${listId}-${i}`} role="option" aria-selected={i === active} onMouseDown={() => run(command)}>
              {command.label}
              {command.hint && <span className="muted"> · {command.hint}</span>}
            </li>
          ))}
          {matches.length === 0 && (
            <li role="option" aria-selected="false" aria-disabled="true" className="muted">
              {noMatches}
            </li>
          )}
        </ul>
      </div>
    </div>
  );
}
