// The recovery code, shown once (after encrypting, or "Nieuwe herstelcode
// maken…"): large, copyable, with what it is for, and "Verder" only after
// "Ik heb de herstelcode bewaard" is ticked. A full-page step (level 1) at the
// first run and after recovery, a dialog step (level 2) in Beveiliging.
import { Fragment, useId, useState } from 'react';
import { useT } from '../i18n/i18n.tsx';
import { StepHeading } from './StepHeading.tsx';

export function RecoveryCodeStep({ code, level, headingId, onDone }: { code: string; level: 1 | 2; headingId?: string; onDone: () => void }) {
  const { t } = useT();
  const id = useId();
  const [saved, setSaved] = useState(false);
  const [copy, setCopy] = useState<'idle' | 'copied' | 'failed'>('idle');
  const groups = code.split('-');

  const copyCode = async () => {
    try {
      await navigator.clipboard.writeText(code);
      setCopy('copied');
    } catch {
      setCopy('failed');
    }
  };

  return (
    <div className="recovery-step">
      <StepHeading level={level} id={headingId ?? `${id}-title`}>
        {t('vault.codeTitle')}
      </StepHeading>
      <p>{t('vault.codeHelp')}</p>
      <figure className="recovery-code">
        <figcaption>{t('vault.code')}</figcaption>
        {/* Lines may break after a dash only, never inside a group. */}
        <code>
          {groups.map((group, i) => (
            <Fragment key={i}>
              {i > 0 && (
                <>
                  -<wbr />
                </>
              )}
              <span className="code-group">{group}</span>
            </Fragment>
          ))}
        </code>
      </figure>
      <div className="actions">
        <button type="button" onClick={() => void copyCode()}>
          {t('vault.copy')}
        </button>
        <span role="status" className={copy === 'failed' ? 'field-error' : undefined}>
          {copy === 'copied' ? t('vault.copied') : copy === 'failed' ? t('vault.copyFailed') : ''}
        </span>
      </div>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          if (saved) onDone();
        }}
      >
        <div className="check">
          <label>
            <input type="checkbox" checked={saved} onChange={(e) => setSaved(e.target.checked)} /> {t('vault.codeSaved')}
          </label>
        </div>
        <div className="actions">
          <button type="submit" disabled={!saved}>
            {t('vault.continue')}
          </button>
        </div>
      </form>
    </div>
  );
}
