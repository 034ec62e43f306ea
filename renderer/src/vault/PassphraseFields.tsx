// A new app password: the password and its repeat, checked here before the
// core sees it (at least 8 characters, both the same), with the error under
// the field it is about (aria-describedby, aria-invalid). An error appears
// when the field is left or the form is sent, and goes as soon as it is
// mended; sending a form with an error puts focus in the first wrong field.
// The app lock choice (a checkbox, forced on without a system keyring) is
// here too: the first run and "Versleutelen…" both ask it.
import { useId, useRef, useState, type RefObject } from 'react';
import { useT } from '../i18n/i18n.tsx';
import type { MessageId } from '../i18n/messages.ts';

/** The same bounds as the passphrase of shared/api.ts. */
export const PASSPHRASE_MIN = 8;
const PASSPHRASE_MAX = 1024;

type Field = 'passphrase' | 'repeat';
type Value = Record<Field, string>;
type Errors = Partial<Record<Field, MessageId>>;

function validate(value: Value): Errors {
  const errors: Errors = {};
  if (value.passphrase.length < PASSPHRASE_MIN) errors.passphrase = 'vault.passwordShort';
  if (value.repeat && value.repeat !== value.passphrase) errors.repeat = 'vault.repeatDiffers';
  else if (!value.repeat && !errors.passphrase) errors.repeat = 'vault.repeatEmpty';
  return errors;
}

export interface NewPassphrase {
  value: Value;
  errors: Errors;
  change(field: Field, text: string): void;
  leave(field: Field): void;
  refs: Record<Field, RefObject<HTMLInputElement | null>>;
}

export function useNewPassphrase() {
  const [value, setValue] = useState<Value>({ passphrase: '', repeat: '' });
  const [errors, setErrors] = useState<Errors>({});
  const refs = { passphrase: useRef<HTMLInputElement>(null), repeat: useRef<HTMLInputElement>(null) };
  const fields: NewPassphrase = {
    value,
    errors,
    refs,
    change(field, text) {
      const next = { ...value, [field]: text };
      setValue(next);
      const now = validate(next);
      // Mended errors go at once; new ones wait until the field is left.
      setErrors((shown) => ({ passphrase: shown.passphrase && now.passphrase, repeat: shown.repeat && now.repeat }));
    },
    leave(field) {
      if (value[field]) setErrors((shown) => ({ ...shown, [field]: validate(value)[field] }));
    },
  };
  return {
    passphrase: value.passphrase,
    fields,
    /** Shows every error and puts focus on the first wrong field; true when the password can be used. */
    check(): boolean {
      const now = validate(value);
      setErrors(now);
      const first = now.passphrase ? refs.passphrase : now.repeat ? refs.repeat : null;
      first?.current?.focus();
      return first === null;
    },
  };
}

export function PassphraseFields({ fields, disabled = false }: { fields: NewPassphrase; disabled?: boolean }) {
  const { t } = useT();
  const id = useId();
  const hint = `${id}-hint`;
  const input = (field: Field, label: MessageId) => {
    const error = fields.errors[field];
    const errorId = `${id}-${field}-error`;
    return (
      <div className="stacked">
        <label htmlFor={`${id}-${field}`}>{t(label)}</label>
        <input
          id={`${id}-${field}`}
          ref={fields.refs[field]}
          type="password"
          autoComplete="new-password"
          maxLength={PASSPHRASE_MAX}
          value={fields.value[field]}
          readOnly={disabled}
          aria-invalid={error ? true : undefined}
          aria-describedby={[error ? errorId : '', field === 'passphrase' ? hint : ''].filter(Boolean).join(' ') || undefined}
          onChange={(e) => fields.change(field, e.target.value)}
          onBlur={() => fields.leave(field)}
        />
        {field === 'passphrase' && (
          <p id={hint} className="muted small field-hint">
            {t('vault.passwordHint')}
          </p>
        )}
        {error && (
          <p id={errorId} className="field-error" role="alert">
            {t(error)}
          </p>
        )}
      </div>
    );
  };
  return (
    <div className="passphrase-fields">
      {input('passphrase', 'vault.password')}
      {input('repeat', 'vault.passwordRepeat')}
    </div>
  );
}

/**
 * "Vergrendel de app met een wachtwoord", and the password fields when it is on.
 * Without a system keyring the password is what protects the key: on, and not to be turned off.
 */
export function AppLockChoice({
  keyringAvailable,
  appLock,
  onAppLock,
  fields,
  disabled = false,
}: {
  keyringAvailable: boolean;
  appLock: boolean;
  onAppLock: (on: boolean) => void;
  fields: NewPassphrase;
  disabled?: boolean;
}) {
  const { t } = useT();
  const help = useId();
  const forced = !keyringAvailable;
  return (
    <>
      <div className="check">
        <label>
          <input type="checkbox" checked={forced || appLock} disabled={forced || disabled} aria-describedby={help} onChange={(e) => onAppLock(e.target.checked)} /> {t('vault.appLock')}
        </label>
        <p id={help} className="muted small">
          {t(forced ? 'vault.appLockForced' : 'vault.appLockHelp')}
        </p>
      </div>
      {(forced || appLock) && <PassphraseFields fields={fields} disabled={disabled} />}
    </>
  );
}
