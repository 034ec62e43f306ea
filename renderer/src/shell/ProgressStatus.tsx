import type { Progress } from '../../../shared/errors.ts';
import { useT } from '../i18n/i18n.tsx';

/** What a long task (an import) is doing; a polite live region, so screen readers hear it without interruption. */
export function ProgressStatus({ progress }: { progress: Progress | null }) {
  const { t, message } = useT();
  return (
    <div className="progress" role="status" aria-live="polite">
      {progress && (
        <>
          <span>{message(progress)}</span>
          {progress.total > 0 && <progress value={progress.done} max={progress.total} aria-label={t('common.progress')} />}
        </>
      )}
    </div>
  );
}
