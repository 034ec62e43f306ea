// Instellingen → Bronnen: the council-data APIs (OParl 1.1,
// OpenBesluitvorming) meetings are synced from. A list with each source's
// state (bijgewerkt … geleden, offline, mislukt with the reason), "Bron
// toevoegen…" in a dialog that checks the address first, sync now with
// progress and cancel, and when sources sync by themselves.
import { CircleAlert, CircleCheck, CircleDashed, CloudOff, Plus, RefreshCw, Trash2 } from 'lucide-react';
import { useRef, useState, type FormEvent } from 'react';
import type { SourceCheck, SourceView, SyncResult } from '../../../shared/api.ts';
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
    }) +
    // Meetings the source gives without a start are not in the library: say so, or they seem lost.
    (r.meetingsWithoutDate > 0 ? ` ${t('sources.withoutDate', { count: r.meetingsWithoutDate })}` : '') +
    (r.error && r.status !== 'offline' ? ` ${errorText(r.error).text}` : '');
  const nameOf = (s: SourceView) => s.checkedName ?? s.lastResult?.sourceName ?? (s.body ? s.body : t(s.kind === 'oparl' ? 'sources.newOparl' : 'sources.newObv'));

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

type CheckState = { kind: 'idle' } | { kind: 'checking'; key: string } | { kind: 'done'; key: string; result: SourceCheck };

function AddSourceDialog({ client, onClose, onAdded }: { client: RaadsmapClient; onClose: () => void; onAdded: () => void }) {
  const { t, message } = useT();
  const [kind, setKind] = useState<'oparl' | 'obv'>('oparl');
  const [url, setUrl] = useState('');
  const [body, setBody] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [since, setSince] = useState('');
  const [check, setCheck] = useState<CheckState>({ kind: 'idle' });
  // Only the answer for what the fields say now counts (a slow check can come back after an edit).
  const latest = useRef('');
  const inFlight = useRef<{ key: string; promise: Promise<SourceCheck | null> } | null>(null);
  const keyOf = (k: string, u: string, b: string) => JSON.stringify([k, u.trim(), b.trim()]);
  const current = keyOf(kind, url, body);
  const shown = check.kind !== 'idle' && check.key === current ? check : null;

  const validUrl = (value: string) => {
    try {
      return /^https?:$/.test(new URL(value.trim()).protocol);
    } catch {
      return false;
    }
  };

  /** Fetches what the source would sync from; null when the address is no web address or the fields changed meanwhile. */
  const runCheck = async (k = kind, u = url, b = body): Promise<SourceCheck | null> => {
    const key = keyOf(k, u, b);
    if (!validUrl(u)) return null;
    if (check.kind === 'done' && check.key === key) return check.result;
    // Saving right after the address field lost focus waits for the check that started then.
    if (inFlight.current?.key === key) return inFlight.current.promise;
    latest.current = key;
    setProblem(null);
    setCheck({ kind: 'checking', key });
    const promise = client.checkSource({ kind: k, url: u.trim(), body: b.trim() || undefined }).then((answer) => {
      if (inFlight.current?.key === key) inFlight.current = null;
      if (latest.current !== key) return null;
      const result: SourceCheck = answer.ok ? answer.value : { status: 'failed', name: null, bodies: [], body: null, error: answer.error };
      setCheck({ kind: 'done', key, result });
      return result;
    });
    inFlight.current = { key, promise };
    return promise;
  };

  const save = async (name: string | null) => {
    const result = await client.addSource({ kind, url: url.trim(), body: body.trim() || undefined, since: since || undefined, name: name ?? undefined });
    if (!result.ok) return setProblem(message(result.error));
    toast({ tone: 'success', title: t('sources.added') });
    onAdded();
    onClose();
  };

  const add = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    // The address is checked before anything is saved: first its form, then what it answers.
    if (!validUrl(url)) return setProblem(t('sources.badUrl'));
    if (kind === 'obv' && !body.trim()) return setProblem(t('sources.needsKey'));
    const result = await runCheck();
    if (result?.status === 'ok') await save(result.name);
  };

  const chooseBody = (id: string) => {
    setBody(id);
    void runCheck(kind, url, id);
  };

  const result = shown?.kind === 'done' ? shown.result : null;
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
          <input
            name="url"
            type="url"
            required
            maxLength={2000}
            aria-describedby="source-url-help"
            value={url}
            onChange={(e) => setUrl(e.target.value)}
            onBlur={() => void (kind === 'oparl' || body.trim() ? runCheck() : null)}
          />
          <span id="source-url-help" className="field-hint">
            {t(kind === 'oparl' ? 'sources.urlOparlHelp' : 'sources.urlObvHelp')}
          </span>
        </label>
        <label className="stacked">
          <span className="rm-field-label">{t(kind === 'oparl' ? 'sources.bodyOparl' : 'sources.bodyObv')}</span>
          <input name="body" maxLength={2000} required={kind === 'obv'} value={body} onChange={(e) => setBody(e.target.value)} onBlur={() => void runCheck()} />
        </label>
        {result && result.bodies.length > 1 && (
          <Select
            label={t('sources.chooseBody')}
            value={result.body ?? ''}
            onChange={chooseBody}
            options={result.bodies.map((b) => ({ id: b.id, label: b.name }))}
          />
        )}
        <DateField label={t('sources.since')} value={since} onChange={setSince} />
        <div role="status" aria-live="polite" className="source-check">
          {shown?.kind === 'checking' && <p className="muted">{t('sources.checking')}</p>}
          {result?.status === 'ok' && (
            <p className="rm-alert rm-alert--success">{t('sources.checkedOk', { name: result.name ?? '' })}</p>
          )}
        </div>
        {result && result.status !== 'ok' && result.error && (
          <p className={`rm-alert ${result.status === 'choose-body' ? 'rm-alert--info' : 'rm-alert--danger'}`} role="alert">
            {message(result.error)}
          </p>
        )}
        {problem && (
          <p className="rm-alert rm-alert--danger" role="alert">
            {problem}
          </p>
        )}
        <div className="rm-dialog-actions">
          <Button variant="subtle" onPress={onClose}>
            {t('common.cancel')}
          </Button>
          {result?.status === 'offline' && (
            <Button variant="subtle" onPress={() => void save(null)}>
              {t('sources.addAnyway')}
            </Button>
          )}
          <Button variant="primary" type="submit">
            {t('sources.add')}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
