// An error as the user reads it: what happened and what to do, in the danger
// tone; the technical part (the core's own wording, code, file, address)
// folded away under "Details". Errors of packages and sources have texts of
// their own here: the core's name files, formats and addresses.
import type { ErrorInfo } from '../../../shared/errors.ts';
import { useT } from '../i18n/i18n.tsx';
import type { MessageId } from '../i18n/messages.ts';

type Shown = Pick<ErrorInfo, 'nl' | 'en'> & Partial<Pick<ErrorInfo, 'code' | 'subject'>>;

const FRIENDLY: Record<string, MessageId> = {
  'package.invalid-json': 'errors.package-damaged',
  'package.invalid-manifest': 'errors.package-damaged',
  'package.unsupported-format': 'errors.package-damaged',
  'package.unknown-kind': 'errors.package-damaged',
  'package.json': 'errors.package-damaged',
  'package.missing-manifest': 'errors.package-not',
  'package.not-found': 'errors.package-not',
  'package.missing-file': 'errors.package-file',
  'package.checksum-mismatch': 'errors.package-file',
  'package.not-pdf': 'errors.package-file',
  'package.symlink': 'errors.package-file',
  'package.too-large': 'errors.package-file',
  'sync.offline': 'errors.source-offline',
  'sync.network': 'errors.source-offline',
  'sync.timeout': 'errors.source-offline',
  'sync.rate-limited': 'errors.source-busy',
  'sync.http-error': 'errors.source-answer',
  'sync.not-found': 'errors.source-answer',
  'sync.bad-content-type': 'errors.source-answer',
  'sync.bad-json': 'errors.source-answer',
  'sync.bad-response': 'errors.source-answer',
  'sync.truncated': 'errors.source-answer',
  'sync.pagination-loop': 'errors.source-answer',
  'sync.checksum-mismatch': 'errors.source-answer',
  'sync.choose-body': 'errors.source-body',
  'sync.unknown-body': 'errors.source-body',
};

/** The text to show for an error, and the technical detail behind it (null when there is none). */
export function useErrorText(): (error: Shown) => { text: string; detail: string | null } {
  const { t, message } = useT();
  return (error) => {
    const friendly = error.code ? FRIENDLY[error.code] : undefined;
    const technical = [error.code, error.subject].filter(Boolean).join(' · ');
    if (friendly) return { text: t(friendly), detail: [message(error), technical].filter(Boolean).join(' — ') };
    return { text: message(error), detail: technical || null };
  };
}

export function ErrorMessage({ error, prefix }: { error: Shown; prefix?: string }) {
  const { t } = useT();
  const { text, detail } = useErrorText()(error);
  return (
    <div className="error rm-alert rm-alert--danger" role="alert">
      <p>
        {prefix && <>{prefix} </>}
        {text}
      </p>
      {detail && (
        <details className="error-details">
          <summary>{t('common.details')}</summary>
          <code>{detail}</code>
        </details>
      )}
    </div>
  );
}
