// The full page in front of the app while the store is not open: the first
// run (encrypt or not, app lock, then the recovery code), the lock screen
// (password, or the recovery code when it is forgotten), and the store whose
// key is lost (recovery code, or start over with the files kept aside).
// Language and theme can be chosen here too: settings work while locked.
import { useEffect, useId, useRef, useState, type FormEvent, type InputHTMLAttributes, type ReactNode } from 'react';
import type { VaultStatus } from '../../../shared/api.ts';
import type { RaadsmapClient } from '../../../shared/client-api.ts';
import type { ErrorInfo } from '../../../shared/errors.ts';
import { ModalDialog } from '../shell/ModalDialog.tsx';
import { useT } from '../i18n/i18n.tsx';
import { PreferenceSelects } from '../settings/PreferenceSelects.tsx';
import type { MessageId } from '../i18n/messages.ts';
import { AppLockChoice, useNewPassphrase } from './PassphraseFields.tsx';
import { StepHeading } from './StepHeading.tsx';
import { ErrorMessage } from '../shell/ErrorMessage.tsx';

/** What is shown after the store opened, before the app: the new recovery code, or the advice after using one. */
export type VaultStep = { kind: 'code'; code: string; unconfirmed?: boolean } | { kind: 'recovered' };

export interface VaultScreenProps {
  client: RaadsmapClient;
  status: VaultStatus;
  /** Keeps this screen while a call that opens the store runs (its result decides what comes next). */
  hold: (on: boolean) => void;
  /** A call returned the store's new status, and maybe a step to show before the app. */
  onStatus: (status: VaultStatus, next?: VaultStep) => void;
}

/** A problem to show: from the core (both languages) or one of ours. */
type Problem = ErrorInfo | MessageId;

function useProblemText() {
  const { t, message } = useT();
  return (problem: Problem) => (typeof problem === 'string' ? t(problem) : message(problem));
}

export function VaultScreen(props: VaultScreenProps) {
  const { state } = props.status;
  return <VaultPage>{state === 'locked' ? <LockedScreen {...props} /> : state === 'key-lost' ? <KeyLostScreen {...props} /> : <FirstRun {...props} />}</VaultPage>;
}

/** The page around every vault screen: the app's name, language and theme, one step in a card. */
export function VaultPage({ children }: { children: ReactNode }) {
  return (
    <main className="vault">
      <div className="vault-card">
        <div className="vault-top">
          <p className="vault-brand">Raadsmap</p>
          <div className="preferences">
            <PreferenceSelects />
          </div>
        </div>
        {children}
      </div>
    </main>
  );
}

/** First run: encrypt (key in the keyring, or an app password) or not. */
function FirstRun({ client, status, hold, onStatus }: VaultScreenProps) {
  const { t, message } = useT();
  const keyring = status.keyring.available;
  const [encrypt, setEncrypt] = useState(keyring);
  const [appLock, setAppLock] = useState(false);
  const passphrase = useNewPassphrase();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ErrorInfo | null>(null);
  const id = useId();
  const withPassphrase = encrypt && (appLock || !keyring);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy || (withPassphrase && !passphrase.check())) return;
    setBusy(true);
    setError(null);
    hold(true);
    const result = await client.setupVault(withPassphrase ? { encrypt: true, passphrase: passphrase.passphrase } : { encrypt });
    if (result.ok) return onStatus(result.value.status, result.value.recoveryCode ? { kind: 'code', code: result.value.recoveryCode } : undefined);
    hold(false);
    setBusy(false);
    setError(result.error);
  };

  return (
    <>
      <StepHeading level={1}>{t('vault.welcome')}</StepHeading>
      <p>{t('vault.welcomeHelp')}</p>
      {status.setAside.length > 0 && (
        <div className="notice vault-notice">
          <p>{t('vault.setAsideKept')}</p>
          <ul>
            {status.setAside.map((folder) => (
              <li key={folder}>
                <code>{folder}</code>
              </li>
            ))}
          </ul>
        </div>
      )}
      <form noValidate onSubmit={(e) => void submit(e)}>
        <fieldset role="radiogroup" aria-labelledby={`${id}-legend`} disabled={busy}>
          <legend id={`${id}-legend`}>{t('vault.choice')}</legend>
          <div className="choice">
            <label>
              <input type="radio" name="encrypt" checked={encrypt} onChange={() => setEncrypt(true)} aria-describedby={`${id}-encrypt-help${keyring ? '' : ` ${id}-keyring`}`} /> {t('vault.encrypt')}
            </label>
            <p id={`${id}-encrypt-help`} className="muted small">
              {t('vault.encryptHelp')}
            </p>
          </div>
          <div className="choice">
            <label>
              <input type="radio" name="encrypt" checked={!encrypt} onChange={() => setEncrypt(false)} aria-describedby={`${id}-plain-help`} /> {t('vault.plain')}
            </label>
            <p id={`${id}-plain-help`} className="muted small">
              {t('vault.plainHelp')}
            </p>
          </div>
          {!keyring && (
            <p id={`${id}-keyring`} className="notice vault-notice">
              {status.keyring.reason && `${message(status.keyring.reason)} `}
              {t('vault.noKeyring')}
            </p>
          )}
        </fieldset>
        {encrypt && <AppLockChoice keyringAvailable={keyring} appLock={appLock} onAppLock={setAppLock} fields={passphrase.fields} disabled={busy} />}
        {error && (
          <ErrorMessage error={error} />
        )}
        <p className={busy ? 'muted' : 'visually-hidden'} role="status">
          {busy ? t('vault.busy') : ''}
        </p>
        <div className="actions">
          <button type="submit" className="rm-button rm-button--primary rm-button--md" disabled={busy}>
            {t('vault.start')}
          </button>
        </div>
      </form>
    </>
  );
}

/** App lock: the password, or (forgotten) the recovery code, or (that lost too) start over. */
function LockedScreen(props: VaultScreenProps) {
  const { client, onStatus } = props;
  const { t } = useT();
  const [recovering, setRecovering] = useState(false);
  const id = useId();

  return (
    <>
      <StepHeading level={1} focus={false}>
        {t('vault.locked')}
      </StepHeading>
      <p>{t('vault.lockedHelp')}</p>
      <UnlockForm
        label="vault.password"
        submit="vault.unlock"
        empty="vault.passwordEmpty"
        input={{ type: 'password', autoComplete: 'current-password', autoFocus: true, maxLength: 1024 }}
        unlock={async (passphrase) => {
          const result = await client.unlockVault({ passphrase });
          if (result.ok) onStatus(result.value);
          return result;
        }}
      />
      <div className="vault-secondary">
        <button type="button" className="link-button" aria-expanded={recovering} aria-controls={`${id}-recovery`} onClick={() => setRecovering(!recovering)}>
          {t('vault.forgot')}
        </button>
        <div id={`${id}-recovery`} hidden={!recovering}>
          {recovering && (
            <>
              <RecoveryForm {...props} autoFocus />
              <p className="muted small">{t('vault.noCode')}</p>
              <StartOver {...props} />
            </>
          )}
        </div>
      </div>
    </>
  );
}

/** The key cannot be read: the recovery code, or start over. */
function KeyLostScreen(props: VaultScreenProps) {
  const { status } = props;
  const { t, message } = useT();
  return (
    <>
      <StepHeading level={1}>{t('vault.keyLost')}</StepHeading>
      {status.problem && <p className="error">{message(status.problem)}</p>}
      <h2>{t('vault.keyLostCode')}</h2>
      <RecoveryForm {...props} />
      <h2>{t('vault.keyLostStartOver')}</h2>
      <p>{t('vault.keyLostStartOverHelp')}</p>
      <StartOver {...props} />
    </>
  );
}

/** The recovery code field; once it opens the store, the advice to make a new code comes first. */
function RecoveryForm({ client, hold, onStatus, autoFocus = false }: VaultScreenProps & { autoFocus?: boolean }) {
  return (
    <UnlockForm
      label="vault.code"
      submit="vault.unlockWithCode"
      empty="vault.codeEmpty"
      hint="vault.codeHint"
      trim
      input={{ className: 'code-input', autoComplete: 'off', autoCapitalize: 'characters', spellCheck: false, autoFocus, maxLength: 200 }}
      unlock={async (typed) => {
        hold(true);
        const result = await client.unlockVault({ recoveryCode: typed });
        if (result.ok) onStatus(result.value, { kind: 'recovered' });
        else hold(false);
        return result;
      }}
    />
  );
}

/**
 * One secret typed to open the store (the password, the recovery code): its
 * field, what is wrong with it, "busy" while the call runs. On a failure the
 * focus goes back into the field with the text selected, to type again at once
 * (a click on the button took it away).
 */
function UnlockForm({
  label,
  submit,
  empty,
  hint,
  trim = false,
  input,
  unlock,
}: {
  label: MessageId;
  submit: MessageId;
  empty: MessageId;
  hint?: MessageId | undefined;
  /** Spaces around what is typed do not count (a code, not a password). */
  trim?: boolean;
  input: InputHTMLAttributes<HTMLInputElement>;
  unlock: (typed: string) => Promise<{ ok: true } | { ok: false; error: ErrorInfo }>;
}) {
  const { t } = useT();
  const problemText = useProblemText();
  const [value, setValue] = useState('');
  const [problem, setProblem] = useState<Problem | null>(null);
  const [busy, setBusy] = useState(false);
  const field = useRef<HTMLInputElement>(null);
  const id = useId();
  const autoFocus = Boolean(input.autoFocus);
  useEffect(() => {
    if (autoFocus) field.current?.focus();
  }, [autoFocus]);

  const go = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    const again = (next: Problem) => {
      setProblem(next);
      field.current?.focus();
      field.current?.select();
    };
    const typed = trim ? value.trim() : value;
    if (!typed) return again(empty);
    setBusy(true);
    setProblem(null);
    const result = await unlock(typed);
    if (result.ok) return;
    setBusy(false);
    again(result.error);
  };

  return (
    <form noValidate onSubmit={(e) => void go(e)}>
      <div className="stacked">
        <label htmlFor={`${id}-field`}>{t(label)}</label>
        <input
          {...input}
          id={`${id}-field`}
          ref={field}
          value={value}
          readOnly={busy}
          aria-invalid={problem ? true : undefined}
          aria-describedby={[problem ? `${id}-error` : '', hint ? `${id}-hint` : ''].filter(Boolean).join(' ') || undefined}
          onChange={(e) => setValue(e.target.value)}
        />
        {hint && (
          <p id={`${id}-hint`} className="muted small field-hint">
            {t(hint)}
          </p>
        )}
        {problem && (
          <p id={`${id}-error`} className="field-error" role="alert">
            {problemText(problem)}
          </p>
        )}
      </div>
      <p className={busy ? 'muted' : 'visually-hidden'} role="status">
        {busy ? t('vault.unlocking') : ''}
      </p>
      <div className="actions">
        <button type="submit" className="rm-button rm-button--primary rm-button--md" disabled={busy}>
          {t(submit)}
        </button>
      </div>
    </form>
  );
}

/** "Opnieuw beginnen…": what happens, confirmed in a dialog; then the first run. */
function StartOver({ client, onStatus }: VaultScreenProps) {
  const { t } = useT();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ErrorInfo | null>(null);
  const opener = useRef<HTMLButtonElement>(null);
  const id = useId();
  // Back to the button once the dialog is gone (while it is open, the rest of the page takes no focus).
  const [refocus, setRefocus] = useState(false);
  useEffect(() => {
    if (!refocus) return;
    opener.current?.focus();
    setRefocus(false);
  }, [refocus]);

  const close = () => {
    if (busy) return;
    setOpen(false);
    setError(null);
    setRefocus(true);
  };
  const startOver = async () => {
    setBusy(true);
    setError(null);
    const result = await client.setAsideStore({});
    if (result.ok) return onStatus(result.value);
    setBusy(false);
    setError(result.error);
  };

  return (
    <>
      <div className="actions">
        <button type="button" ref={opener} onClick={() => setOpen(true)}>
          {t('vault.startOver')}
        </button>
      </div>
      {open && (
        <ModalDialog labelledBy={`${id}-title`} className="vault-dialog" onClose={close}>
          <StepHeading level={2} id={`${id}-title`}>
            {t('vault.startOverTitle')}
          </StepHeading>
          <ul>
            <li>{t('vault.startOverKept')}</li>
            <li>{t('vault.startOverMeetings')}</li>
            <li>{t('vault.startOverOwn')}</li>
          </ul>
          {error && (
            <ErrorMessage error={error} />
          )}
          <p className={busy ? 'muted' : 'visually-hidden'} role="status">
            {busy ? t('vault.busy') : ''}
          </p>
          <div className="actions">
            <button type="button" className="danger" disabled={busy} onClick={() => void startOver()}>
              {t('vault.startOverYes')}
            </button>
            <button type="button" disabled={busy} onClick={close}>
              {t('vault.cancel')}
            </button>
          </div>
        </ModalDialog>
      )}
    </>
  );
}

/** After the recovery code opened the store: make a new one, and a new password if it was forgotten. */
export function RecoveredStep({ onDone }: { onDone: () => void }) {
  const { t } = useT();
  return (
    <>
      <StepHeading level={1}>{t('vault.recovered')}</StepHeading>
      <p>{t('vault.recoveredHelp')}</p>
      <div className="actions">
        <button type="button" className="rm-button rm-button--primary rm-button--md" onClick={onDone}>
          {t('vault.continue')}
        </button>
      </div>
    </>
  );
}
