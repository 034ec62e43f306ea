import type { ReactNode } from 'react';

export type Tone = 'neutral' | 'accent' | 'success' | 'warning' | 'danger' | 'info';

/** A small label in one of the semantic tones. */
export function Badge({ tone = 'neutral', className, children }: { tone?: Tone; className?: string; children: ReactNode }) {
  return <span className={['rm-badge', `rm-badge--${tone}`, className].filter(Boolean).join(' ')}>{children}</span>;
}

/** The one sign of "unread": a dot, named for screen readers. */
export function UnreadDot({ label }: { label: string }) {
  return <span className="rm-unread-dot" role="img" aria-label={label} />;
}
