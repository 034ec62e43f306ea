// In front of the app: asks the core how the store is (vaultStatus) and shows
// the app only while it is open (encrypted and open, or not encrypted);
// otherwise the vault screen (first run, locked, key lost). 'vault-changed'
// switches between them, so "Nu vergrendelen" shows the lock screen and an
// unlock mounts the app afresh, which then loads its data. A first run that
// encrypts shows the recovery code before the app, and an unlock with the
// recovery code the advice to make a new one. A store that opens with a
// recovery code never confirmed (a crash, or a closed window, right after it
// was made) shows that code before anything else.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { VaultStatus } from '../../../shared/api.ts';
import type { RaadsmapClient } from '../../../shared/client-api.ts';
import type { ErrorInfo } from '../../../shared/errors.ts';
import { App } from '../App.tsx';
import { useT } from '../i18n/i18n.tsx';
import { RecoveryCodeStep } from './RecoveryCodeStep.tsx';
import { StepHeading } from './StepHeading.tsx';
import { VaultContext, type Vault } from './vault-context.ts';
import { RecoveredStep, VaultPage, VaultScreen, type VaultStep } from './VaultScreen.tsx';
import { ErrorMessage } from '../shell/ErrorMessage.tsx';

const isOpen = (status: VaultStatus) => status.state === 'open' || status.state === 'plain';

export function VaultGate({ client }: { client: RaadsmapClient }) {
  const { t, message } = useT();
  const [status, setStatus] = useState<VaultStatus | null>(null);
  const [failure, setFailure] = useState<ErrorInfo | null>(null);
  // The status the vault screen keeps showing while one of its calls runs (events may say 'open' first).
  const [held, setHeld] = useState<VaultStatus | null>(null);
  const [step, setStep] = useState<VaultStep | null>(null);
  // "Nu vergrendelen": the app is closed first, then the store is locked.
  const [locking, setLocking] = useState<{ error: ErrorInfo | null } | null>(null);

  const load = useCallback(async () => {
    setFailure(null);
    const result = await client.vaultStatus({});
    // A 'vault-changed' that came in meanwhile is newer than this answer.
    if (result.ok) setStatus((current) => current ?? result.value);
    else setFailure(result.error);
  }, [client]);

  useEffect(() => {
    const off = client.onEvent((event) => {
      if (event.type === 'vault-changed') setStatus(event.status);
    });
    void load();
    return off;
  }, [client, load]);

  useEffect(() => {
    if (!locking || locking.error) return;
    let live = true;
    // The app is gone by now, its pending saves sent as it closed; they go before the lock.
    const timer = setTimeout(() => {
      void client.lockVault({}).then((result) => {
        if (!live) return;
        if (!result.ok) return setLocking({ error: result.error });
        setStatus(result.value);
        setLocking(null);
      });
    }, 0);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [client, locking]);

  // Once per opening of the store: a recovery code given out but never confirmed is shown first.
  const pendingChecked = useRef(false);
  useEffect(() => {
    if (!status || !isOpen(status)) {
      pendingChecked.current = false;
      return;
    }
    // Only when the store is first seen open: a code made from Beveiliging later is shown by its own dialog.
    if (pendingChecked.current) return;
    pendingChecked.current = true;
    if (!status.recoveryCodeUnconfirmed) return;
    void client.pendingRecoveryCode({}).then((result) => {
      const code = result.ok ? result.value.recoveryCode : null;
      if (code) setStep((current) => current ?? { kind: 'code', code, unconfirmed: true });
    });
  }, [client, status]);

  const vault = useMemo<Vault | null>(() => (status ? { status, update: setStatus, lock: () => setLocking({ error: null }) } : null), [status]);

  if (!status) {
    return (
      <VaultPage>
        <StepHeading level={1} focus={false}>
          Raadsmap
        </StepHeading>
        {failure ? (
          <>
            <p className="error" role="alert">
              {t('vault.statusFailed')} {message(failure)}
            </p>
            <div className="actions">
              <button type="button" onClick={() => void load()}>
                {t('vault.retry')}
              </button>
            </div>
          </>
        ) : (
          <p className="muted" role="status">
            {t('vault.loading')}
          </p>
        )}
      </VaultPage>
    );
  }
  if (step) {
    return <VaultPage>{step.kind === 'code' ? <RecoveryCodeStep client={client} level={1} code={step.code} unconfirmed={step.unconfirmed} onDone={() => setStep(null)} /> : <RecoveredStep onDone={() => setStep(null)} />}</VaultPage>;
  }
  if (locking) {
    return (
      <VaultPage>
        {locking.error ? (
          <>
            <StepHeading level={1}>{t('vault.lockFailed')}</StepHeading>
            <ErrorMessage error={locking.error} />
            <div className="actions">
              <button type="button" onClick={() => setLocking(null)}>
                {t('vault.backToApp')}
              </button>
            </div>
          </>
        ) : (
          <StepHeading level={1}>{t('vault.locking')}</StepHeading>
        )}
      </VaultPage>
    );
  }
  const shown = held ?? status;
  if (isOpen(shown) && vault) {
    return (
      <VaultContext.Provider value={vault}>
        <App client={client} />
      </VaultContext.Provider>
    );
  }
  return (
    <VaultScreen
      client={client}
      status={shown}
      hold={(on) => setHeld(on ? status : null)}
      onStatus={(next, then) => {
        if (then) setStep(then);
        setStatus(next);
        setHeld(null);
      }}
    />
  );
}
