// Roving focus for a composite (the meeting list, the agenda tree): one Tab
// stop, the arrow keys move between its rows. Rows are the elements matching
// `selector`; the one that takes Tab has tabindex 0, the others -1.
import { useLayoutEffect, type FocusEvent, type KeyboardEvent, type RefObject } from 'react';

export interface Roving {
  rows: () => HTMLElement[];
  /** Focuses a row (and makes it the Tab stop); with the event, the key is used up. */
  focus: (row: HTMLElement | undefined, event?: KeyboardEvent) => void;
  /** ↑/↓/Home/End; true when the key was one of them. */
  onKeyDown: (event: KeyboardEvent) => boolean;
  onFocus: (event: FocusEvent) => void;
}

export function useRovingFocus(root: RefObject<HTMLElement | null>, selector: string, preferred: () => HTMLElement | undefined): Roving {
  const rows = () => [...(root.current?.querySelectorAll<HTMLElement>(selector) ?? [])];
  const makeCurrent = (row: HTMLElement | undefined) => {
    if (!row) return;
    for (const r of rows()) r.tabIndex = r === row ? 0 : -1;
  };
  // Exactly one row takes Tab: the one last focused, else the preferred (chosen) one, else the first.
  useLayoutEffect(() => {
    const all = rows();
    if (all.some((r) => r.tabIndex === 0)) return;
    makeCurrent(preferred() ?? all[0]);
  });
  const focus = (row: HTMLElement | undefined, event?: KeyboardEvent) => {
    if (!row) return;
    event?.preventDefault();
    makeCurrent(row);
    row.focus();
  };
  return {
    rows,
    focus,
    onKeyDown(event) {
      const row = (event.target as HTMLElement).closest<HTMLElement>(selector);
      if (!row) return false;
      const all = rows();
      const at = all.indexOf(row);
      const target = { ArrowDown: all[at + 1], ArrowUp: all[at - 1], Home: all[0], End: all[all.length - 1] }[event.key];
      if (!['ArrowDown', 'ArrowUp', 'Home', 'End'].includes(event.key)) return false;
      focus(target, event);
      return true;
    },
    onFocus(event) {
      makeCurrent((event.target as HTMLElement).closest<HTMLElement>(selector) ?? undefined);
    },
  };
}
