import type { Progress } from '../../../shared/errors.ts';

/** What a long task (an import) is doing; a polite live region, so screen readers hear it without interruption. */
export function ProgressStatus({ progress }: { progress: Progress | null }) {
  return (
    <div className="progress" role="status" aria-live="polite">
      {progress && (
        <>
          <span>{progress.nl}</span>
          {progress.total > 0 && <progress value={progress.done} max={progress.total} aria-label="Voortgang" />}
        </>
      )}
    </div>
  );
}
