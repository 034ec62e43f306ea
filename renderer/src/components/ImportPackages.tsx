// Importing meeting packages from disk: a file picker and drag-and-drop of
// .zip packages anywhere on the window. The host keeps each file until it is
// imported; progress comes as events, and the import can be cancelled (the
// store then stays as it was).
import { useEffect, useRef, useState } from 'react';
import type { ImportSummary } from '../../../shared/api.ts';
import type { RaadsmapClient } from '../../../shared/client-api.ts';
import type { Progress } from '../../../shared/errors.ts';
import { useT } from '../i18n/i18n.tsx';

type State =
  | { kind: 'idle' }
  | { kind: 'running'; taskId: string; names: string[] }
  | { kind: 'done'; results: ImportSummary[] }
  | { kind: 'failed'; message: string | { nl: string; en: string } }
  | { kind: 'cancelled' };

export function ImportPackages({ client, progress }: { client: RaadsmapClient; progress: Progress | null }) {
  const { t, message } = useT();
  const [state, setState] = useState<State>({ kind: 'idle' });
  const [dragging, setDragging] = useState(false);
  const input = useRef<HTMLInputElement>(null);

  const start = async (files: File[]) => {
    const zips = files.filter((f) => /\.zip$/i.test(f.name));
    if (zips.length === 0) return setState({ kind: 'failed', message: t('import.onlyZip') });
    const taskId = `import-${crypto.randomUUID()}`;
    setState({ kind: 'running', taskId, names: zips.map((f) => f.name) });
    const paths: string[] = [];
    for (const file of zips) {
      const uploaded = await client.uploadPackage(file);
      if (!uploaded.ok) return setState({ kind: 'failed', message: { nl: `${file.name}: ${uploaded.error.nl}`, en: `${file.name}: ${uploaded.error.en}` } });
      paths.push(uploaded.value.path);
    }
    const result = await client.importPackages({ paths, taskId });
    if (result.ok) setState({ kind: 'done', results: result.value });
    else if (result.error.code === 'cancelled') setState({ kind: 'cancelled' });
    else setState({ kind: 'failed', message: result.error });
  };

  // Drop packages anywhere on the window; the listeners stay, the latest start() is used.
  const startRef = useRef(start);
  startRef.current = start;
  useEffect(() => {
    const over = (event: DragEvent) => {
      if (!event.dataTransfer?.types.includes('Files')) return;
      event.preventDefault();
      setDragging(true);
    };
    const leave = (event: DragEvent) => {
      if (event.relatedTarget === null) setDragging(false);
    };
    const drop = (event: DragEvent) => {
      if (!event.dataTransfer?.files.length) return;
      event.preventDefault();
      setDragging(false);
      void startRef.current([...event.dataTransfer.files]);
    };
    window.addEventListener('dragover', over);
    window.addEventListener('dragleave', leave);
    window.addEventListener('drop', drop);
    return () => {
      window.removeEventListener('dragover', over);
      window.removeEventListener('dragleave', leave);
      window.removeEventListener('drop', drop);
    };
  }, []);

  const running = state.kind === 'running';
  return (
    <div className="import">
      <button type="button" onClick={() => input.current?.click()} disabled={running}>
        {t('import.button')}
      </button>
      <input
        ref={input}
        type="file"
        accept=".zip,application/zip"
        multiple
        hidden
        aria-label={t('import.choose')}
        onChange={(event) => {
          const files = [...(event.target.files ?? [])];
          event.target.value = '';
          if (files.length) void start(files);
        }}
      />
      <div className="import-status" role="status" aria-live="polite">
        {running && (
          <>
            <span>{progress ? message(progress) : t('import.running', { names: state.names.join(', ') })}</span>
            {progress && progress.total > 0 && (
              <progress value={progress.done} max={progress.total} aria-label={t('import.progress')}>
                {Math.round((100 * progress.done) / progress.total)}%
              </progress>
            )}
            {progress && progress.total > 0 && <span>{Math.round((100 * progress.done) / progress.total)}%</span>}
            <button type="button" onClick={() => void client.cancelTask({ taskId: state.taskId })}>
              {t('import.cancel')}
            </button>
          </>
        )}
        {state.kind === 'done' &&
          state.results.map((r) => (
            <span key={r.source}>{t(r.outcome === 'unchanged' ? 'import.unchanged' : r.outcome === 'created' ? 'import.created' : 'import.updated', { title: r.meetingTitle })} </span>
          ))}
        {state.kind === 'cancelled' && <span>{t('import.cancelled')}</span>}
      </div>
      {state.kind === 'failed' && (
        <p className="error" role="alert">
          {typeof state.message === 'string' ? state.message : message(state.message)}
        </p>
      )}
      {dragging && (
        <div className="drop-overlay" aria-hidden="true">
          {t('import.drop')}
        </div>
      )}
    </div>
  );
}
