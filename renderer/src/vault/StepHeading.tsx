import { useEffect, useRef, type ReactNode } from 'react';

/**
 * The heading of a step (a screen of the vault, a step of a dialog): keyboard
 * and screen reader users continue there when the step appears.
 */
export function StepHeading({ level, id, focus = true, children }: { level: 1 | 2; id?: string; focus?: boolean; children: ReactNode }) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (!focus) return;
    let live = true;
    heading.current?.focus();
    // In a dialog opened in the same render the heading can take focus only once the dialog is
    // shown (its effect runs after this one); the dialog would otherwise move focus elsewhere.
    queueMicrotask(() => {
      if (live && heading.current && document.activeElement !== heading.current) heading.current.focus();
    });
    return () => {
      live = false;
    };
  }, [focus]);
  const Tag = level === 1 ? 'h1' : 'h2';
  return (
    <Tag id={id} ref={heading} tabIndex={-1} className="step-heading">
      {children}
    </Tag>
  );
}
