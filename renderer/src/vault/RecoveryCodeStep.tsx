// The recovery code (after encrypting, or "Nieuwe herstelcode maken…"):
// large, copyable, with what it is for, and "Verder" only after "Ik heb de
// herstelcode bewaard" is ticked. "Verder" confirms the code to the core:
// until then every start shows it again (a crash or a closed window never
// loses it) and the previous code keeps working. A full-page step (level 1)
// at the first run, after recovery and at a start with an unconfirmed code;
// a dialog step (level 2) in Beveiliging.
import { Fragment, useId, useState } from 'react';
import type { RaadsmapClient } from '../../../shared/client-api.ts';
import type { ErrorInfo } from '../../../shared/errors.ts';
import { useT } from '../i18n/i18n.tsx';
import { ErrorMessage } from '../shell/ErrorMessage.tsx';
import { StepHeading } from './StepHeading.tsx';

export function RecoveryCodeStep({
  client,
  code,
  level,
  headingId,
  unconfirmed = false,
  onDone,
}: {
  client: RaadsmapClient;
  code: string;
  level: 1 | 2;
  headingId?: string;
  /** Shown again at a start because it was never confirmed: says so. */
  unconfirmed?: boolean;
  onDone: () => void;
}) {
  const { t } = useT();
  const id = useId();
  const [saved, setSaved] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [failure, setFailure] = useState<ErrorInfo | null>(null);

  const confirm = async () => {
    setConfirming(true);
    setFailure(null);
    const result = await client.confirmRecoveryCode({});
    setConfirming(false);
    if (result.ok) onDone();
    else setFailure(result.error);
  };
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
      {unconfirmed && <p className="rm-alert rm-alert--warning">{t('vault.codeUnconfirmed')}</p>}
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
          if (saved && !confirming) void confirm();
        }}
      >
        <div className="check">
          <label>
            <input type="checkbox" checked={saved} onChange={(e) => setSaved(e.target.checked)} /> {t('vault.codeSaved')}
          </label>
        </div>
        <div className="actions">
          <button type="submit" disabled={!saved || confirming}>
            {t('vault.continue')}
          </button>
        </div>
        {failure && <ErrorMessage error={failure} prefix={t('vault.codeConfirmFailed')} />}
      </form>
    </div>
  );
}
