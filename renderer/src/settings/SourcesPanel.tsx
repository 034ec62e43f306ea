// Instellingen → Bronnen: the council-data APIs (OParl 1.1,
// OpenBesluitvorming) meetings are synced from. A list with each source's
// state (bijgewerkt … geleden, offline, mislukt with the reason), "Bron
// toevoegen…" in a dialog that checks the address first, sync now with
// progress and cancel, and when sources sync by themselves.
import { CircleAlert, CircleCheck, CircleDashed, CloudOff, Plus, RefreshCw, Trash2 } from 'lucide-react';
import { useState, type FormEvent } from 'react';
import type { SourceView, SyncResult } from '../../../shared/api.ts';
import type { RaadsmapClient } from '../../../shared/client-api.ts';
import type { Progress } from '../../../shared/errors.ts';
import { usePreferences, useT } from '../i18n/i18n.tsx';
import { ErrorMessage, useErrorText } from '../shell/ErrorMessage.tsx';
import type { SyncControl } from '../shell/useSync.ts';
import { Button, Checkbox, DateField, Dialog, IconButton, Select, toast } from '../ui/index.ts';
import { relativeTime } from '../ui/format.ts';

const INTERVALS = ['0', '15', '30', '60', '240', '1440'] as const;

/** A loopback or bare IP address is no name for a person: the kind of source instead. */
const friendlyHost = (url: string) => {
  try {
    const host = new URL(url).hostname;
    return /^(\d+\.){3}\d+$|^\[|^localhost$/.test(host) ? null : host;
  } catch {
    return null;
  }
};

export function SourcesPanel({ client, sync, progress }: { client: RaadsmapClient; sync: SyncControl; progress: Progress | null }) {
  const { t, message, language } = useT();
  const errorText = useErrorText();
  const preferences = usePreferences();
  const [adding, setAdding] = useState(false);
  const { sources, error } = sync;

  const remove = async (source: SourceView) => {
    const result = await client.removeSource({ sourceId: source.id });
    sync.setError(result.ok ? null : result.error);
    if (result.ok) toast({ tone: 'success', title: t('sources.removed', { name: nameOf(source) }) });
    void sync.reload();
  };

  const status = (r: SyncResult) =>
    t(`sources.status.${r.status}`, {
      created: r.meetingsCreated,
      updated: r.meetingsUpdated,
      withdrawn: r.meetingsWithdrawn,
      files: r.filesDownloaded,
    }) + (r.error && r.status !== 'offline' ? ` ${errorText(r.error).text}` : '');
  const nameOf = (s: SourceView) => s.lastResult?.sourceName ?? (s.body ? s.body : t(s.kind === 'oparl' ? 'sources.newOparl' : 'sources.newObv'));

  return (
    <section className="sources" aria-labelledby="sources-heading">
      <div className="section-head">
        <h2 id="sources-heading" tabIndex={-1}>
          {t('sources.title')}
        </h2>
        <Button icon={<Plus />} onPress={() => setAdding(true)}>
          {t('sources.addOpen')}
        </Button>
      </div>
      {sources.length === 0 ? (
        <p className="muted">{t('sources.none')}</p>
      ) : (
        <ul className="source-list">
          {sources.map((s) => {
            const r = s.lastResult;
            const Icon = !r ? CircleDashed : r.status === 'ok' ? CircleCheck : r.status === 'offline' ? CloudOff : CircleAlert;
            const tone = !r ? 'neutral' : r.status === 'ok' ? 'success' : r.status === 'offline' ? 'warning' : 'danger';
            const host = friendlyHost(s.url);
            return (
              <li key={s.id} className="source-row">
                <Icon className={`source-icon tone-${tone}`} aria-hidden="true" size={18} />
                <div className="source-main">
                  <strong>{nameOf(s)}</strong>
                  <span className="muted">
                    {' '}
                    · {s.kind === 'oparl' ? 'OParl' : 'OpenBesluitvorming'}
                    {host && <> · {host}</>}
                  </span>
                  <br />
                  <span className="source-status">
                    {r ? `${t('sources.last')} ${status(r)}` : t('sources.never')}
                    {s.lastSyncedAt && <span className="muted"> {t('sources.updatedAgo', { when: relativeTime(s.lastSyncedAt, language) })}</span>}
                  </span>
                </div>
                <IconButton label={t('sources.removeNamed', { name: nameOf(s) })} icon={<Trash2 />} onPress={() => void remove(s)} />
              </li>
            );
          })}
        </ul>
      )}
      <div className="sync-row">
        <Button icon={<RefreshCw />} onPress={() => void sync.syncNow()} isDisabled={sync.sync.kind === 'running' || sources.length === 0}>
          {t('sources.syncNow')}
        </Button>
        <div className="sync-status" role="status" aria-live="polite">
          {sync.sync.kind === 'running' && (
            <>
              <span>{progress ? message(progress) : t('sources.syncing')}</span>
              {progress && progress.total > 0 && <progress value={progress.done} max={progress.total} aria-label={t('sources.progress')} />}
              <Button size="sm" variant="subtle" onPress={sync.cancel}>
                {t('sources.cancel')}
              </Button>
            </>
          )}
          {sync.sync.kind === 'done' && sync.sync.results.map((r) => <span key={r.sourceId}>{`${r.sourceName}: ${status(r)} `}</span>)}
          {sync.sync.kind === 'cancelled' && <span>{t('sources.cancelled')}</span>}
        </div>
      </div>
      {error && (
        <ErrorMessage error={error} />
      )}
      <h3>{t('sources.schedule')}</h3>
      <div className="settings-fields">
        <Checkbox isSelected={preferences.settings.syncOnStart} onChange={(value) => preferences.update({ syncOnStart: value })}>
          {t('sources.onStart')}
        </Checkbox>
        <Select
          label={t('sources.interval')}
          value={String(preferences.settings.syncIntervalMinutes) as (typeof INTERVALS)[number]}
          onChange={(value) => preferences.update({ syncIntervalMinutes: Number(value) })}
          options={(INTERVALS.includes(String(preferences.settings.syncIntervalMinutes) as (typeof INTERVALS)[number]) ? INTERVALS : [...INTERVALS, String(preferences.settings.syncIntervalMinutes)]).map((m) => ({
            id: m as (typeof INTERVALS)[number],
            label: m === '0' ? t('sources.intervalNever') : t('sources.intervalMinutes', { n: Number(m) }),
          }))}
        />
      </div>
      {adding && <AddSourceDialog client={client} onClose={() => setAdding(false)} onAdded={() => void sync.reload()} />}
    </section>
  );
}

function AddSourceDialog({ client, onClose, onAdded }: { client: RaadsmapClient; onClose: () => void; onAdded: () => void }) {
  const { t, message } = useT();
  const [kind, setKind] = useState<'oparl' | 'obv'>('oparl');
  const [problem, setProblem] = useState<string | null>(null);
  const [since, setSince] = useState('');

  const add = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const text = (name: string) => String(form.get(name) ?? '').trim() || undefined;
    const url = text('url') ?? '';
    // The address is checked before anything is saved.
    let parsed: URL | null = null;
    try {
      parsed = new URL(url);
    } catch {
      parsed = null;
    }
    if (!parsed || !/^https?:$/.test(parsed.protocol)) return setProblem(t('sources.badUrl'));
    const result = await client.addSource({ kind, url, body: text('body'), since: since || undefined });
    if (!result.ok) return setProblem(message(result.error));
    toast({ tone: 'success', title: t('sources.added') });
    onAdded();
    onClose();
  };

  return (
    <Dialog title={t('sources.addOpen')} onClose={onClose}>
      <form onSubmit={(e) => void add(e)} className="source-form" noValidate>
        <Select
          label={t('sources.kind')}
          value={kind}
          onChange={setKind}
          options={[
            { id: 'oparl', label: 'OParl 1.1' },
            { id: 'obv', label: 'OpenBesluitvorming' },
          ]}
        />
        <label className="stacked">
          <span className="rm-field-label">{t(kind === 'oparl' ? 'sources.urlOparl' : 'sources.urlObv')}</span>
          <input name="url" type="url" required maxLength={2000} aria-describedby="source-url-help" />
          <span id="source-url-help" className="field-hint">
            {t(kind === 'oparl' ? 'sources.urlOparlHelp' : 'sources.urlObvHelp')}
          </span>
        </label>
        <label className="stacked">
          <span className="rm-field-label">{t(kind === 'oparl' ? 'sources.bodyOparl' : 'sources.bodyObv')}</span>
          <input name="body" maxLength={200} required={kind === 'obv'} />
        </label>
        <DateField label={t('sources.since')} value={since} onChange={setSince} />
        {problem && (
          <p className="rm-alert rm-alert--danger" role="alert">
            {problem}
          </p>
        )}
        <div className="rm-dialog-actions">
          <Button variant="subtle" onPress={onClose}>
            {t('common.cancel')}
          </Button>
          <Button variant="primary" type="submit">
            {t('sources.add')}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
