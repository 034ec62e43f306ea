// "PDF met aantekeningen": the document with my highlights and notes written
// in as PDF annotations (seen in Acrobat, Preview, Okular), optionally drawn
// into the page and with a summary page listing them.
import { useState } from 'react';
import type { RaadsmapClient } from '../../../shared/client-api.ts';
import type { ErrorInfo } from '../../../shared/errors.ts';
import { announceSaved, saveExport } from '../api/download.ts';
import { useT } from '../i18n/i18n.tsx';

export function ExportDocument({ client, documentId }: { client: RaadsmapClient; documentId: number }) {
  const { t, message } = useT();
  const [flatten, setFlatten] = useState(false);
  const [summary, setSummary] = useState(true);
  const [state, setState] = useState<{ kind: 'idle' | 'running' } | { kind: 'done'; fileName: string } | { kind: 'failed'; error: ErrorInfo }>({ kind: 'idle' });

  const run = async () => {
    setState({ kind: 'running' });
    const result = await client.exportAnnotatedPdf({ documentId, flatten, summary });
    if (!result.ok) return setState({ kind: 'failed', error: result.error });
    const saved = await saveExport(client, result.value);
    if (saved.ok) announceSaved(client, saved.value, t, message);
    setState(saved.ok ? { kind: 'done', fileName: saved.value.fileName } : { kind: 'failed', error: saved.error });
  };

  return (
    <details className="export-document">
      <summary>{t('export.document')}</summary>
      <div className="export-options">
        <label>
          <input type="checkbox" checked={summary} onChange={(e) => setSummary(e.target.checked)} /> {t('export.summary')}
        </label>
        <label>
          <input type="checkbox" checked={flatten} onChange={(e) => setFlatten(e.target.checked)} /> {t('export.flatten')}
        </label>
        <button type="button" disabled={state.kind === 'running'} onClick={() => void run()}>
          {state.kind === 'running' ? t('export.running') : t('export.save')}
        </button>
        <span role="status" aria-live="polite">
          {state.kind === 'done' ? t('export.done', { file: state.fileName }) : ''}
        </span>
        {state.kind === 'failed' && (
          <span className="error" role="alert">
            {message(state.error)}
          </span>
        )}
      </div>
    </details>
  );
}
