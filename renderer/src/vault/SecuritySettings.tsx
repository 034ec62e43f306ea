// "Beveiliging" in Mijn gegevens: how the store is kept (encrypted with the
// key in the system keyring, with an app password, or not at all) and what
// can change: encrypt a plain store (progress, cancel, then the recovery
// code), turn the app lock on or off or change its password, lock now, and
// make a new recovery code. Each change is a dialog; focus returns to the
// button that opened it.
import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import type { VaultStatus } from '../../../shared/api.ts';
import type { RaadsmapClient } from '../../../shared/client-api.ts';
import type { ErrorInfo, Progress } from '../../../shared/errors.ts';
import { ModalDialog } from '../shell/ModalDialog.tsx';
import { ProgressStatus } from '../shell/ProgressStatus.tsx';
import { useT } from '../i18n/i18n.tsx';
import type { MessageId } from '../i18n/messages.ts';
import { AppLockChoice, PassphraseFields, useNewPassphrase } from './PassphraseFields.tsx';
import { RecoveryCodeStep } from './RecoveryCodeStep.tsx';
import { StepHeading } from './StepHeading.tsx';
import { useVault } from './vault-context.ts';
import { ErrorMessage } from '../shell/ErrorMessage.tsx';

type Dialog = 'encrypt' | 'passphrase' | 'lock-off' | 'new-code';

/** The button that opens each dialog, to return to when it closes. */
const OPENER: Record<Dialog, string> = {
  encrypt: 'security-encrypt',
  passphrase: 'security-passphrase',
  'lock-off': 'security-lock-off',
  'new-code': 'security-new-code',
};
const DIALOG_TITLE = 'security-dialog-title';

export function SecuritySettings({ client }: { client: RaadsmapClient }) {
  const { t, message } = useT();
  const vault = useVault();
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const [done, setDone] = useState<MessageId | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  // After a dialog, focus goes back to its button, or to the heading when that button is gone.
  const [refocus, setRefocus] = useState<string | null>(null);
  useEffect(() => {
    if (!refocus) return;
    (document.getElementById(refocus) ?? heading.current)?.focus();
    setRefocus(null);
  }, [refocus]);

  if (!vault) return null;
  const { status } = vault;
  const open = status.state === 'open';
  const passphrase = status.unlockWith.passphrase;

  const show = (next: Dialog) => {
    setDone(null);
    setDialog(next);
  };
  const close = (result?: MessageId) => {
    if (dialog) setRefocus(OPENER[dialog]);
    setDialog(null);
    if (result) setDone(result);
  };
  const changed = (next: VaultStatus) => vault.update(next);

  return (
    <section className="security" aria-labelledby="security-heading">
      <h2 id="security-heading" ref={heading} tabIndex={-1}>
        {t('security.title')}
      </h2>
      <p>
        {t(status.state === 'plain' ? 'security.plain' : passphrase ? 'security.passphrase' : 'security.keyring')}
        {status.encrypted && <> {t(status.unlockWith.recoveryCode ? 'security.hasCode' : 'security.noCode')}</>}
      </p>
      {!status.keyring.available && status.keyring.reason && <p className="muted small">{message(status.keyring.reason)}</p>}
      <p className={done ? 'notice notice-success' : 'visually-hidden'} role="status">
        {done ? t(done) : ''}
      </p>
      <div className="actions">
        {status.state === 'plain' && (
          <button type="button" id={OPENER.encrypt} onClick={() => show('encrypt')}>
            {t('security.encrypt')}
          </button>
        )}
        {open && (
          <button type="button" id={OPENER.passphrase} onClick={() => show('passphrase')}>
            {t(passphrase ? 'security.changePassword' : 'security.lockOn')}
          </button>
        )}
        {open && passphrase && status.keyring.available && (
          <button type="button" id={OPENER['lock-off']} onClick={() => show('lock-off')}>
            {t('security.lockOff')}
          </button>
        )}
        {open && passphrase && (
          <button type="button" onClick={() => vault.lock()}>
            {t('security.lockNow')}
          </button>
        )}
        {open && (
          <button type="button" id={OPENER['new-code']} onClick={() => show('new-code')}>
            {t('security.newCode')}
          </button>
        )}
      </div>
      {dialog === 'encrypt' && <EncryptDialog client={client} status={status} onStatus={changed} onClose={close} />}
      {dialog === 'passphrase' && <PassphraseDialog client={client} change={passphrase} onStatus={changed} onClose={close} />}
      {dialog === 'lock-off' && (
        <ConfirmDialog
          title="security.lockOffTitle"
          help="security.lockOffHelp"
          yes="security.lockOffYes"
          run={async () => {
            const result = await client.setAppLock({ passphrase: null });
            if (result.ok) {
              changed(result.value);
              close('security.lockOffDone');
            }
            return result;
          }}
          onClose={() => close()}
        />
      )}
      {dialog === 'new-code' && <NewCodeDialog client={client} onClose={close} />}
    </section>
  );
}

/** The frame of every dialog here, titled by its step's heading; `onClose` is what Escape does. */
function SecurityDialog({ onClose, children }: { onClose: () => void; children: ReactNode }) {
  return (
    <ModalDialog labelledBy={DIALOG_TITLE} className="vault-dialog" onClose={onClose}>
      {children}
    </ModalDialog>
  );
}

function ErrorLine({ error }: { error: ErrorInfo | null }) {
  return error ? <ErrorMessage error={error} /> : null;
}

type Encrypting = { kind: 'choosing'; error: ErrorInfo | null; cancelled: boolean } | { kind: 'running'; taskId: string; progress: Progress | null } | { kind: 'code'; code: string };

/** A plain store encrypted: key in the keyring or an app password; the store is rewritten (progress, Annuleren). */
function EncryptDialog({ client, status, onStatus, onClose }: { client: RaadsmapClient; status: VaultStatus; onStatus: (status: VaultStatus) => void; onClose: (done?: MessageId) => void }) {
  const { t, message } = useT();
  const keyring = status.keyring.available;
  const [appLock, setAppLock] = useState(false);
  const passphrase = useNewPassphrase();
  const [state, setState] = useState<Encrypting>({ kind: 'choosing', error: null, cancelled: false });
  const withPassphrase = appLock || !keyring;

  useEffect(
    () =>
      client.onEvent((event) => {
        if (event.type === 'progress' && event.task === 'setupVault') setState((s) => (s.kind === 'running' ? { ...s, progress: event.progress } : s));
      }),
    [client],
  );

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (state.kind !== 'choosing' || (withPassphrase && !passphrase.check())) return;
    const taskId = `vault-${crypto.randomUUID()}`;
    setState({ kind: 'running', taskId, progress: null });
    const result = await client.setupVault(withPassphrase ? { encrypt: true, passphrase: passphrase.passphrase, taskId } : { encrypt: true, taskId });
    if (!result.ok) return setState({ kind: 'choosing', error: result.error.code === 'cancelled' ? null : result.error, cancelled: result.error.code === 'cancelled' });
    onStatus(result.value.status);
    if (result.value.recoveryCode) setState({ kind: 'code', code: result.value.recoveryCode });
    else onClose('security.encrypted');
  };
  const cancel = () => {
    if (state.kind === 'running') void client.cancelTask({ taskId: state.taskId });
  };

  if (state.kind === 'code') {
    return (
      <SecurityDialog onClose={() => {}}>
        <RecoveryCodeStep client={client} level={2} headingId={DIALOG_TITLE} code={state.code} onDone={() => onClose('security.encrypted')} />
      </SecurityDialog>
    );
  }
  const running = state.kind === 'running';
  const cancelled = state.kind === 'choosing' && state.cancelled;
  return (
    <SecurityDialog onClose={running ? cancel : () => onClose()}>
      <StepHeading level={2} id={DIALOG_TITLE}>
        {t('security.encryptTitle')}
      </StepHeading>
      <p>{t('security.encryptHelp')}</p>
      {!keyring && (
        <p className="notice vault-notice">
          {status.keyring.reason && `${message(status.keyring.reason)} `}
          {t('vault.noKeyring')}
        </p>
      )}
      <form noValidate onSubmit={(e) => void submit(e)}>
        <AppLockChoice keyringAvailable={keyring} appLock={appLock} onAppLock={setAppLock} fields={passphrase.fields} disabled={running} />
        <ProgressStatus progress={running ? state.progress : null} />
        <p className={running || cancelled ? 'muted' : 'visually-hidden'} role="status">
          {running && !state.progress ? t('security.encrypting') : cancelled ? t('security.encryptCancelled') : ''}
        </p>
        {state.kind === 'choosing' && <ErrorLine error={state.error} />}
        <div className="actions">
          {running ? (
            <button type="button" onClick={cancel}>
              {t('vault.cancel')}
            </button>
          ) : (
            <>
              <button type="submit">{t('security.encryptYes')}</button>
              <button type="button" onClick={() => onClose()}>
                {t('vault.cancel')}
              </button>
            </>
          )}
        </div>
      </form>
    </SecurityDialog>
  );
}

/** App lock on (a new password) or a new password for it. */
function PassphraseDialog({ client, change, onStatus, onClose }: { client: RaadsmapClient; change: boolean; onStatus: (status: VaultStatus) => void; onClose: (done?: MessageId) => void }) {
  const { t } = useT();
  const passphrase = useNewPassphrase();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ErrorInfo | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy || !passphrase.check()) return;
    setBusy(true);
    setError(null);
    const result = await client.setAppLock({ passphrase: passphrase.passphrase });
    if (!result.ok) {
      setBusy(false);
      return setError(result.error);
    }
    onStatus(result.value);
    onClose(change ? 'security.changed' : 'security.lockOnDone');
  };

  return (
    <SecurityDialog onClose={() => !busy && onClose()}>
      <StepHeading level={2} id={DIALOG_TITLE}>
        {t(change ? 'security.changeTitle' : 'security.lockOnTitle')}
      </StepHeading>
      <p>{t(change ? 'security.changeHelp' : 'security.lockOnHelp')}</p>
      <form noValidate onSubmit={(e) => void submit(e)}>
        <PassphraseFields fields={passphrase.fields} disabled={busy} />
        <ErrorLine error={error} />
        <p className={busy ? 'muted' : 'visually-hidden'} role="status">
          {busy ? t('vault.busy') : ''}
        </p>
        <div className="actions">
          <button type="submit" disabled={busy}>
            {t(change ? 'security.changeYes' : 'security.lockOnYes')}
          </button>
          <button type="button" disabled={busy} onClick={() => onClose()}>
            {t('vault.cancel')}
          </button>
        </div>
      </form>
    </SecurityDialog>
  );
}

/**
 * A yes/cancel question; `run` does it and closes the dialog itself when it
 * worked. With `task`, what runs is a long task of that call: its progress
 * shows, and Annuleren stops it (cancelTask with the task id given to `run`).
 */
function ConfirmDialog({
  title,
  help,
  yes,
  run,
  onClose,
  task,
  client,
}: {
  title: MessageId;
  help: MessageId;
  yes: MessageId;
  run: (taskId: string) => Promise<{ ok: true } | { ok: false; error: ErrorInfo }>;
  onClose: () => void;
  task?: 'newRecoveryCode' | undefined;
  client?: RaadsmapClient | undefined;
}) {
  const { t } = useT();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ErrorInfo | null>(null);
  const [progress, setProgress] = useState<Progress | null>(null);
  const taskId = useRef(`vault-${crypto.randomUUID()}`);
  useEffect(() => (task && client ? client.onEvent((event) => event.type === 'progress' && event.task === task && setProgress(event.progress)) : undefined), [client, task]);
  const go = async () => {
    setBusy(true);
    setError(null);
    setProgress(null);
    const result = await run(taskId.current);
    if (result.ok) return;
    setBusy(false);
    setError(result.error.code === 'cancelled' ? null : result.error);
  };
  return (
    <SecurityDialog onClose={() => !busy && onClose()}>
      <StepHeading level={2} id={DIALOG_TITLE}>
        {t(title)}
      </StepHeading>
      <p>{t(help)}</p>
      <ErrorLine error={error} />
      {task && <ProgressStatus progress={busy ? progress : null} />}
      <p className={busy && !progress ? 'muted' : 'visually-hidden'} role="status">
        {busy && !progress ? t('vault.busy') : ''}
      </p>
      <div className="actions">
        <button type="button" disabled={busy} onClick={() => void go()}>
          {t(yes)}
        </button>
        {busy && task && client ? (
          <button type="button" onClick={() => void client.cancelTask({ taskId: taskId.current })}>
            {t('vault.cancel')}
          </button>
        ) : (
          <button type="button" disabled={busy} onClick={onClose}>
            {t('vault.cancel')}
          </button>
        )}
      </div>
    </SecurityDialog>
  );
}

/** Asks first (the old code stops working), then shows the new code once. */
function NewCodeDialog({ client, onClose }: { client: RaadsmapClient; onClose: (done?: MessageId) => void }) {
  const [code, setCode] = useState<string | null>(null);
  if (code) {
    return (
      <SecurityDialog onClose={() => {}}>
        <RecoveryCodeStep client={client} level={2} headingId={DIALOG_TITLE} code={code} onDone={() => onClose('security.newCodeDone')} />
      </SecurityDialog>
    );
  }
  return (
    <ConfirmDialog
      title="security.newCodeTitle"
      help="security.newCodeHelp"
      yes="security.newCodeYes"
      task="newRecoveryCode"
      client={client}
      run={async (taskId) => {
        const result = await client.newRecoveryCode({ taskId });
        if (result.ok) setCode(result.value.recoveryCode);
        return result;
      }}
      onClose={() => onClose()}
    />
  );
}
