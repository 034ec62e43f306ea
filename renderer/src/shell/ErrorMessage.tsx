// An error as the user reads it: what happened and what to do, in the danger
// tone; the technical part (code, file, address) folded away under "Details".
import type { ErrorInfo } from '../../../shared/errors.ts';
import { useT } from '../i18n/i18n.tsx';

export function ErrorMessage({ error, prefix }: { error: Pick<ErrorInfo, 'nl' | 'en'> & Partial<Pick<ErrorInfo, 'code' | 'subject'>>; prefix?: string }) {
  const { t, message } = useT();
  const technical = [error.code, error.subject].filter(Boolean).join(' · ');
  return (
    <div className="error rm-alert rm-alert--danger" role="alert">
      <p>
        {prefix && <>{prefix} </>}
        {message(error)}
      </p>
      {technical && (
        <details className="error-details">
          <summary>{t('common.details')}</summary>
          <code>{technical}</code>
        </details>
      )}
    </div>
  );
}
