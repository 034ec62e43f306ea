// "Bronnen": the council-data APIs (OParl 1.1, OpenBesluitvorming) meetings
// are synced from. Add or remove a source, sync now with progress and
// cancel, and see how the last sync of each source went. Syncing also runs
// by itself at start and at the interval of the settings.
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import type { SourceView, SyncResult } from '../../../shared/api.ts';
import type { RaadsmapClient } from '../../../shared/client-api.ts';
import type { ErrorInfo, Progress } from '../../../shared/errors.ts';
import { useT } from '../i18n/i18n.tsx';

type Sync = { kind: 'idle' } | { kind: 'running'; taskId: string } | { kind: 'done'; results: SyncResult[] } | { kind: 'cancelled' };

export function SourcesPanel({ client, progress }: { client: RaadsmapClient; progress: Progress | null }) {
  const { t, message } = useT();
  const [sources, setSources] = useState<SourceView[]>([]);
  const [error, setError] = useState<ErrorInfo | null>(null);
  const [sync, setSync] = useState<Sync>({ kind: 'idle' });
  const [kind, setKind] = useState<'oparl' | 'obv'>('oparl');

  const load = useCallback(async () => {
    const result = await client.listSources({});
    if (result.ok) setSources(result.value);
  }, [client]);
  // A scheduled sync changes the library too: read the statuses again when it does.
  useEffect(() => {
    void load();
    return client.onEvent((event) => {
      if (event.type === 'library-changed') void load();
    });
  }, [client, load]);

  const add = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const text = (name: string) => String(form.get(name) ?? '').trim() || undefined;
    const result = await client.addSource({ kind, url: text('url') ?? '', body: text('body'), since: text('since') });
    if (!result.ok) return setError(result.error);
    setError(null);
    (event.target as HTMLFormElement).reset();
    void load();
  };
  const remove = async (source: SourceView) => {
    const result = await client.removeSource({ sourceId: source.id });
    setError(result.ok ? null : result.error);
    void load();
  };
  const syncNow = async () => {
    const taskId = `sync-${crypto.randomUUID()}`;
    setSync({ kind: 'running', taskId });
    setError(null);
    const result = await client.syncSources({ taskId });
    if (result.ok) setSync(result.value.some((r) => r.status === 'cancelled') ? { kind: 'cancelled' } : { kind: 'done', results: result.value });
    else {
      setSync({ kind: 'idle' });
      setError(result.error);
    }
    void load();
  };

  const status = (r: SyncResult) =>
    t(`sources.status.${r.status}`, {
      created: r.meetingsCreated,
      updated: r.meetingsUpdated,
      withdrawn: r.meetingsWithdrawn,
      files: r.filesDownloaded,
    }) + (r.error && r.status !== 'offline' ? ` ${message(r.error)}` : '');

  return (
    <details className="sources">
      <summary>{t('sources.title')}</summary>
      <section aria-label={t('sources.title')}>
        {sources.length === 0 ? (
          <p>{t('sources.none')}</p>
        ) : (
          <ul>
            {sources.map((s) => (
              <li key={s.id}>
                <strong>{s.name}</strong> ({s.kind === 'oparl' ? 'OParl' : 'OpenBesluitvorming'}) <span className="source-url">{s.url}</span>
                <br />
                <span className="source-status">{s.lastResult ? `${t('sources.last')} ${status(s.lastResult)}` : t('sources.never')}</span>{' '}
                <button type="button" onClick={() => void remove(s)} aria-label={t('sources.removeNamed', { name: s.name })}>
                  {t('sources.remove')}
                </button>
              </li>
            ))}
          </ul>
        )}
        <div className="sync-status" role="status" aria-live="polite">
          {sync.kind === 'running' && (
            <>
              <span>{progress ? message(progress) : t('sources.syncing')}</span>
              {progress && progress.total > 0 && <progress value={progress.done} max={progress.total} aria-label={t('sources.progress')} />}
              <button type="button" onClick={() => void client.cancelTask({ taskId: sync.taskId })}>
                {t('sources.cancel')}
              </button>
            </>
          )}
          {sync.kind === 'done' && sync.results.map((r) => <span key={r.sourceId}>{`${r.sourceName}: ${status(r)} `}</span>)}
          {sync.kind === 'cancelled' && <span>{t('sources.cancelled')}</span>}
        </div>
        <button type="button" onClick={() => void syncNow()} disabled={sync.kind === 'running' || sources.length === 0}>
          {t('sources.syncNow')}
        </button>
        <form onSubmit={(e) => void add(e)} className="source-form">
          <label>
            {t('sources.kind')}{' '}
            <select value={kind} onChange={(e) => setKind(e.target.value as 'oparl' | 'obv')}>
              <option value="oparl">OParl 1.1</option>
              <option value="obv">OpenBesluitvorming</option>
            </select>
          </label>
          <label>
            {t(kind === 'oparl' ? 'sources.urlOparl' : 'sources.urlObv')} <input name="url" type="url" required maxLength={2000} />
          </label>
          <label>
            {t(kind === 'oparl' ? 'sources.bodyOparl' : 'sources.bodyObv')} <input name="body" maxLength={200} required={kind === 'obv'} />
          </label>
          <label>
            {t('sources.since')} <input name="since" type="date" />
          </label>
          <button type="submit">{t('sources.add')}</button>
        </form>
        {error && (
          <p className="error" role="alert">
            {message(error)}
          </p>
        )}
      </section>
    </details>
  );
}
