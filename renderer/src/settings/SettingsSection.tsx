// One section of Instellingen: a heading the side list scrolls to (and
// focuses, hence tabIndex -1), an optional line of help, and its content.
import type { ReactNode } from 'react';

export function SettingsSection({ id, title, help, className, children }: { id: string; title: string; help?: string; className?: string; children: ReactNode }) {
  return (
    <section className={className ? `settings-section ${className}` : 'settings-section'} aria-labelledby={id}>
      <h2 id={id} tabIndex={-1}>
        {title}
      </h2>
      {help && <p className="muted">{help}</p>}
      {children}
    </section>
  );
}
