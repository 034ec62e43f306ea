// "PDF met aantekeningen": the document with my highlights and notes as PDF
// annotations (and, if chosen, drawn into the page and a summary page),
// saved like every export (Openen / Toon in map on the desktop).
import { useState } from 'react';
import type { ErrorInfo } from '../../../shared/errors.ts';
import type { RaadsmapClient } from '../../../shared/client-api.ts';
import { announceSaved, saveExport } from '../api/download.ts';
import { useT } from '../i18n/i18n.tsx';
import { Button, Checkbox, Dialog } from '../ui/index.ts';
import { ErrorMessage } from '../shell/ErrorMessage.tsx';

export function ExportDocument({ client, documentId, onClose }: { client: RaadsmapClient; documentId: number; onClose: () => void }) {
  const { t, message } = useT();
  const [flatten, setFlatten] = useState(false);
  const [summary, setSummary] = useState(true);
  const [state, setState] = useState<{ kind: 'idle' | 'running' } | { kind: 'failed'; error: ErrorInfo }>({ kind: 'idle' });

  const run = async () => {
    setState({ kind: 'running' });
    const result = await client.exportAnnotatedPdf({ documentId, flatten, summary });
    if (!result.ok) return setState({ kind: 'failed', error: result.error });
    const saved = await saveExport(client, result.value);
    if (!saved.ok) return setState({ kind: 'failed', error: saved.error });
    announceSaved(client, saved.value, t, message);
    onClose();
  };

  return (
    <Dialog title={t('export.document')} onClose={onClose} size="sm">
      <div className="export-options">
        <Checkbox isSelected={summary} onChange={setSummary}>
          {t('export.summary')}
        </Checkbox>
        <Checkbox isSelected={flatten} onChange={setFlatten}>
          {t('export.flatten')}
        </Checkbox>
      </div>
      {state.kind === 'failed' && <ErrorMessage error={state.error} />}
      <div className="rm-dialog-actions">
        <Button variant="secondary" onPress={onClose}>
          {t('common.cancel')}
        </Button>
        <Button variant="primary" isDisabled={state.kind === 'running'} onPress={() => void run()}>
          {state.kind === 'running' ? t('export.running') : t('export.save')}
        </Button>
      </div>
    </Dialog>
  );
}
