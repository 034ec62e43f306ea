// Importing meeting packages from disk: a file picker (the desktop app's own
// dialog, or the browser's) and drag-and-drop of .zip packages anywhere on
// the window. Dropped and browser-picked files are uploaded to the host, which
// keeps each until it is imported; the import names them by the handle the
// host gave, never by a path. Progress comes as events, and the import can be
// cancelled (the store then stays as it was).
import { FileUp } from 'lucide-react';
import { useEffect, useRef, useState } from 'react';
import type { HandedPackage, ImportSummary } from '../../../shared/api.ts';
import type { RaadsmapClient } from '../../../shared/client-api.ts';
import type { Progress } from '../../../shared/errors.ts';
import { useT } from '../i18n/i18n.tsx';
import { Button, IconButton, toast } from '../ui/index.ts';
import { useErrorText } from './ErrorMessage.tsx';

type State =
  | { kind: 'idle' }
  | { kind: 'running'; taskId: string; names: string[] }
  | { kind: 'done'; results: ImportSummary[] }
  | { kind: 'failed'; message: string | { nl: string; en: string; code?: string | undefined; subject?: string | undefined } }
  | { kind: 'cancelled' };

export interface ImportControl {
  state: State;
  dragging: boolean;
  choose: () => void;
  cancel: () => void;
  input: React.RefObject<HTMLInputElement | null>;
  start: (files: File[]) => Promise<void>;
}

export function useImport(client: RaadsmapClient): ImportControl {
  const { t } = useT();
  const errorText = useErrorText();
  // A failed import also says so in a toast: the status line is one line, the toast has room for what to do.
  const failed = (message: Extract<State, { kind: 'failed' }>['message']) => {
    setState({ kind: 'failed', message });
    const { text, detail } = typeof message === 'string' ? { text: message, detail: null } : errorText(message);
    toast({ tone: 'danger', title: t('import.failed'), description: detail ? `${text} (${detail})` : text });
  };
  const [state, setState] = useState<State>({ kind: 'idle' });
  const [dragging, setDragging] = useState(false);
  const input = useRef<HTMLInputElement>(null);

  /** Imports the handed-over packages in order, adding to `results`; false when it ended otherwise (the state says how). */
  const importHandles = async (taskId: string, packages: HandedPackage[], results: ImportSummary[]): Promise<boolean> => {
    const result = await client.importPackages({ handles: packages.map((p) => p.handle), taskId });
    if (result.ok) {
      results.push(...result.value);
      return true;
    }
    if (result.error.code === 'cancelled') setState({ kind: 'cancelled' });
    else failed(result.error);
    return false;
  };

  const start = async (files: File[]) => {
    const zips = files.filter((f) => /\.zip$/i.test(f.name));
    if (zips.length === 0) return failed(t('import.onlyZip'));
    const taskId = `import-${crypto.randomUUID()}`;
    setState({ kind: 'running', taskId, names: zips.map((f) => f.name) });
    const results: ImportSummary[] = [];
    let waiting: HandedPackage[] = [];
    for (const file of zips) {
      let uploaded = await client.uploadPackage(file);
      // The host holds only so many uploads at once: importing those that wait makes room.
      if (!uploaded.ok && uploaded.error.code === 'upload.quota' && waiting.length > 0) {
        if (!(await importHandles(taskId, waiting, results))) return;
        waiting = [];
        uploaded = await client.uploadPackage(file);
      }
      if (!uploaded.ok) return failed({ ...uploaded.error, nl: `${file.name}: ${uploaded.error.nl}`, en: `${file.name}: ${uploaded.error.en}` });
      waiting.push(uploaded.value);
    }
    if (await importHandles(taskId, waiting, results)) setState({ kind: 'done', results });
  };

  /** The desktop app's own dialog: the host reads the chosen files where they are, nothing is uploaded. */
  const chooseOnDesktop = async (choosePackages: NonNullable<RaadsmapClient['choosePackages']>) => {
    const chosen = await choosePackages();
    if (!chosen.ok) return failed(chosen.error);
    if (chosen.value.length === 0) return;
    const taskId = `import-${crypto.randomUUID()}`;
    setState({ kind: 'running', taskId, names: chosen.value.map((p) => p.name) });
    const results: ImportSummary[] = [];
    if (await importHandles(taskId, chosen.value, results)) setState({ kind: 'done', results });
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

  return {
    state,
    dragging,
    input,
    start,
    choose: () => (client.choosePackages ? void chooseOnDesktop(client.choosePackages) : input.current?.click()),
    cancel: () => {
      if (state.kind === 'running') void client.cancelTask({ taskId: state.taskId });
    },
  };
}

/** The import button (top bar) with its hidden file picker and the drop overlay. */
export function ImportButton({ control }: { control: ImportControl }) {
  const { t } = useT();
  return (
    <>
      <IconButton label={t('import.button')} icon={<FileUp />} onPress={control.choose} isDisabled={control.state.kind === 'running'} />
      <input
        ref={control.input}
        type="file"
        accept=".zip,application/zip"
        multiple
        hidden
        aria-label={t('import.choose')}
        onChange={(event) => {
          const files = [...(event.target.files ?? [])];
          event.target.value = '';
          if (files.length) void control.start(files);
        }}
      />
      {control.dragging && (
        <div className="drop-overlay" aria-hidden="true">
          {t('import.drop')}
        </div>
      )}
    </>
  );
}

/** What an import is doing, in the top bar's status slot. */
export function ImportStatus({ control, progress }: { control: ImportControl; progress: Progress | null }) {
  const { t, message } = useT();
  const errorText = useErrorText();
  const { state } = control;
  return (
    <div className="import-status" role="status" aria-live="polite">
      {state.kind === 'running' && (
        <>
          <span className="status-text">{progress ? message(progress) : t('import.running', { names: state.names.join(', ') })}</span>
          {progress && progress.total > 0 && (
            <progress value={progress.done} max={progress.total} aria-label={t('import.progress')}>
              {Math.round((100 * progress.done) / progress.total)}%
            </progress>
          )}
          <Button size="sm" variant="subtle" onPress={control.cancel}>
            {t('import.cancel')}
          </Button>
        </>
      )}
      {state.kind === 'done' &&
        state.results.map((r, i) => (
          // Two packages may have the same file name.
          <span className="status-text" key={`${i}-${r.source}`}>
            {t(r.outcome === 'unchanged' ? 'import.unchanged' : r.outcome === 'created' ? 'import.created' : 'import.updated', { title: r.meetingTitle })}{' '}
          </span>
        ))}
      {state.kind === 'cancelled' && <span className="status-text">{t('import.cancelled')}</span>}
      {state.kind === 'failed' && (
        <span className="status-text status-error" role="alert">
          {typeof state.message === 'string' ? state.message : errorText(state.message).text}
        </span>
      )}
    </div>
  );
}
