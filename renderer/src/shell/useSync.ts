// One sync of the sources at a time, started from the top bar or from
// Instellingen → Bronnen; both show the same state.
import { useCallback, useEffect, useState } from 'react';
import type { SourceView, SyncResult } from '../../../shared/api.ts';
import type { RaadsmapClient } from '../../../shared/client-api.ts';
import type { ErrorInfo } from '../../../shared/errors.ts';

export type SyncState = { kind: 'idle' } | { kind: 'running'; taskId: string } | { kind: 'done'; results: SyncResult[] } | { kind: 'cancelled' };

export interface SyncControl {
  sources: SourceView[];
  sync: SyncState;
  error: ErrorInfo | null;
  setError: (error: ErrorInfo | null) => void;
  reload: () => Promise<void>;
  syncNow: () => Promise<void>;
  cancel: () => void;
  /** The newest finished sync of any source (ISO time), or null. */
  lastSyncedAt: string | null;
}

export function useSync(client: RaadsmapClient): SyncControl {
  const [sources, setSources] = useState<SourceView[]>([]);
  const [sync, setSync] = useState<SyncState>({ kind: 'idle' });
  const [error, setError] = useState<ErrorInfo | null>(null);

  const reload = useCallback(async () => {
    const result = await client.listSources({});
    if (result.ok) setSources(result.value);
  }, [client]);
  // A scheduled sync changes the library too: read the statuses again when it does.
  useEffect(() => {
    void reload();
    return client.onEvent((event) => {
      if (event.type === 'library-changed') void reload();
    });
  }, [client, reload]);

  const syncNow = useCallback(async () => {
    const taskId = `sync-${crypto.randomUUID()}`;
    setSync({ kind: 'running', taskId });
    setError(null);
    const result = await client.syncSources({ taskId });
    if (result.ok) setSync(result.value.some((r) => r.status === 'cancelled') ? { kind: 'cancelled' } : { kind: 'done', results: result.value });
    else {
      setSync({ kind: 'idle' });
      setError(result.error);
    }
    void reload();
  }, [client, reload]);

  const cancel = useCallback(() => {
    if (sync.kind === 'running') void client.cancelTask({ taskId: sync.taskId });
  }, [client, sync]);

  const lastSyncedAt = sources.reduce<string | null>((latest, s) => (s.lastSyncedAt && (!latest || s.lastSyncedAt > latest) ? s.lastSyncedAt : latest), null);
  return { sources, sync, error, setError, reload, syncNow, cancel, lastSyncedAt };
}
