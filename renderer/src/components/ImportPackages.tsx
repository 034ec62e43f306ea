// Importing meeting packages from disk: a file picker and drag-and-drop of
// .zip packages anywhere on the window. The host keeps each file until it is
// imported; progress comes as events, and the import can be cancelled (the
// store then stays as it was).
import { useEffect, useRef, useState } from 'react';
import type { ImportSummary } from '../../../shared/api.ts';
import type { RaadsmapClient } from '../../../shared/client-api.ts';
import type { Progress } from '../../../shared/errors.ts';

type State =
  | { kind: 'idle' }
  | { kind: 'running'; taskId: string; names: string[] }
  | { kind: 'done'; results: ImportSummary[] }
  | { kind: 'failed'; message: string }
  | { kind: 'cancelled' };

export function ImportPackages({ client, progress }: { client: RaadsmapClient; progress: Progress | null }) {
  const [state, setState] = useState<State>({ kind: 'idle' });
  const [dragging, setDragging] = useState(false);
  const input = useRef<HTMLInputElement>(null);

  const start = async (files: File[]) => {
    const zips = files.filter((f) => /\.zip$/i.test(f.name));
    if (zips.length === 0) return setState({ kind: 'failed', message: 'Kies een vergaderpakket als .zip-bestand.' });
    const taskId = `import-${crypto.randomUUID()}`;
    setState({ kind: 'running', taskId, names: zips.map((f) => f.name) });
    const paths: string[] = [];
    for (const file of zips) {
      const uploaded = await client.uploadPackage(file);
      if (!uploaded.ok) return setState({ kind: 'failed', message: `${file.name}: ${uploaded.error.nl}` });
      paths.push(uploaded.value.path);
    }
    const result = await client.importPackages({ paths, taskId });
    if (result.ok) setState({ kind: 'done', results: result.value });
    else if (result.error.code === 'cancelled') setState({ kind: 'cancelled' });
    else setState({ kind: 'failed', message: result.error.nl });
  };

  // Drop packages anywhere on the window.
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
      void start([...event.dataTransfer.files]);
    };
    window.addEventListener('dragover', over);
    window.addEventListener('dragleave', leave);
    window.addEventListener('drop', drop);
    return () => {
      window.removeEventListener('dragover', over);
      window.removeEventListener('dragleave', leave);
      window.removeEventListener('drop', drop);
    };
  });

  const running = state.kind === 'running';
  return (
    <div className="import">
      <button type="button" onClick={() => input.current?.click()} disabled={running}>
        Pakket importeren…
      </button>
      <input
        ref={input}
        type="file"
        accept=".zip,application/zip"
        multiple
        hidden
        aria-label="Vergaderpakket kiezen"
        onChange={(event) => {
          const files = [...(event.target.files ?? [])];
          event.target.value = '';
          if (files.length) void start(files);
        }}
      />
      <div className="import-status" role="status" aria-live="polite">
        {running && (
          <>
            <span>{progress ? progress.nl : `Importeren: ${state.names.join(', ')}`}</span>
            {progress && progress.total > 0 && (
              <progress value={progress.done} max={progress.total} aria-label="Voortgang van de import">
                {Math.round((100 * progress.done) / progress.total)}%
              </progress>
            )}
            {progress && progress.total > 0 && <span>{Math.round((100 * progress.done) / progress.total)}%</span>}
            <button type="button" onClick={() => void client.cancelTask({ taskId: state.taskId })}>
              Annuleren
            </button>
          </>
        )}
        {state.kind === 'done' &&
          state.results.map((r) => (
            <span key={r.source}>
              {r.meetingTitle}: {r.outcome === 'unchanged' ? 'niets veranderd' : r.outcome === 'created' ? 'geïmporteerd' : 'bijgewerkt'}.{' '}
            </span>
          ))}
        {state.kind === 'cancelled' && <span>Import geannuleerd; er is niets veranderd.</span>}
      </div>
      {state.kind === 'failed' && (
        <p className="error" role="alert">
          {state.message}
        </p>
      )}
      {dragging && (
        <div className="drop-overlay" aria-hidden="true">
          Laat het vergaderpakket (.zip) los om het te importeren
        </div>
      )}
    </div>
  );
}
