// My own work as a file and back: export everything (annotations, agenda
// notes, motion drafts) to move it to another laptop, import such a file
// (matched by quote, so it lands on the right passages), and the automatic
// backups of personal.db, to make one now or put one back.
import { useCallback, useEffect, useState } from 'react';
import type { BackupInfo, PersonalImportSummary } from '../../../shared/api.ts';
import type { RaadsmapClient } from '../../../shared/client-api.ts';
import type { ErrorInfo } from '../../../shared/errors.ts';
import { formatDateTime } from '../../../shared/format.ts';
import { announceSaved, saveExport } from '../api/download.ts';
import { usePreferences, useT } from '../i18n/i18n.tsx';
import { SettingsSection } from '../settings/SettingsSection.tsx';
import { ErrorMessage } from '../shell/ErrorMessage.tsx';

interface Props {
  client: RaadsmapClient;
  /** A backup was put back: everything shown of my own work is out of date. */
  onRestored: () => void;
}

export function PersonalData({ client, onRestored }: Props) {
  const { t, language, message } = useT();
  const preferences = usePreferences();
  const [backups, setBackups] = useState<BackupInfo[] | null>(null);
  const [summary, setSummary] = useState<PersonalImportSummary | null>(null);
  const [error, setError] = useState<ErrorInfo | null>(null);
  const [status, setStatus] = useState('');
  /** Which section the last action's message belongs to: my data, or the backups. */
  const [messagesIn, setMessagesIn] = useState<'data' | 'backups'>('data');
  const [confirm, setConfirm] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const loadBackups = useCallback(async () => {
    const result = await client.listBackups({});
    if (result.ok) setBackups(result.value);
    else setError(result.error);
  }, [client]);
  useEffect(() => {
    void loadBackups();
  }, [loadBackups]);

  /** Runs one action at a time, showing its error or its done message. */
  const run = async (action: () => Promise<{ ok: true; done: string } | { ok: false; error: ErrorInfo }>, section: 'data' | 'backups' = 'data') => {
    setMessagesIn(section);
    setBusy(true);
    setError(null);
    setStatus('');
    try {
      const result = await action();
      if (result.ok) setStatus(result.done);
      else setError(result.error);
    } finally {
      setBusy(false);
    }
  };

  const exportAll = () =>
    run(async () => {
      const file = await client.exportPersonal({});
      const saved = file.ok ? await saveExport(client, file.value) : file;
      if (!saved.ok) return saved;
      announceSaved(client, saved.value, t, message);
      return { ok: true, done: '' };
    });

  const importFile = (file: File) =>
    run(async () => {
      setSummary(null);
      const result = await client.importPersonal({ json: await file.text() });
      if (!result.ok) return result;
      setSummary(result.value);
      await loadBackups(); // an import first keeps a backup of what was there
      return { ok: true, done: t('personal.imported', { file: file.name }) };
    });

  const backupNow = () =>
    run(async () => {
      const result = await client.createBackup({});
      if (!result.ok) return result;
      await loadBackups();
      return { ok: true, done: t('personal.backupMade', { when: formatDateTime(result.value.createdAt, language) }) };
    }, 'backups');

  // After a confirm step, keyboard focus goes back to the backup's own button (once it is there and enabled again).
  const [refocus, setRefocus] = useState<string | null>(null);
  useEffect(() => {
    const button = refocus && !busy ? (document.getElementById(restoreButtonId(refocus)) as HTMLButtonElement | null) : null;
    if (!button || button.disabled) return;
    button.focus();
    setRefocus(null);
  }, [refocus, busy, backups, confirm]);
  const endConfirm = (name: string) => {
    setConfirm(null);
    setRefocus(name);
  };

  const restore = async (backup: BackupInfo) => {
    await run(async () => {
      const result = await client.restoreBackup({ name: backup.name });
      if (!result.ok) return result;
      await loadBackups();
      onRestored();
      return { ok: true, done: t('personal.restored', { when: formatDateTime(backup.createdAt, language) }) };
    }, 'backups');
    endConfirm(backup.name);
  };

  const a = summary?.annotations;
  // Each section's own messages; both live regions stay in the page so that a message is announced.
  const messages = (section: 'data' | 'backups') => (
    <>
      {error && messagesIn === section && <ErrorMessage error={error} />}
      <p className={status && messagesIn === section ? 'notice notice-success' : 'visually-hidden'} role="status">
        {messagesIn === section ? status : ''}
      </p>
    </>
  );
  return (
    <>
      <SettingsSection id="personal-heading" className="personal-data" title={t('personal.title')} help={t('personal.help')}>
        {messages('data')}
        <div className="actions">
          <button type="button" disabled={busy} onClick={() => void exportAll()}>
            {t('personal.export')}
          </button>
          <label className="file-button rm-button rm-button--secondary rm-button--md">
            {t('personal.import')}
            <input
              type="file"
              accept=".json,application/json"
              disabled={busy}
              onChange={(e) => {
                const file = e.target.files?.[0];
                e.target.value = '';
                if (file) void importFile(file);
              }}
            />
          </label>
        </div>
        {summary && a && (
          <div className="import-summary" role="region" aria-label={t('personal.summary')}>
            <h3>{t('personal.summary')}</h3>
            <ul>
              <li>{t('personal.summaryAnnotations', { added: a.added, updated: a.updated, skipped: a.skipped })}</li>
              <li>{t('personal.summaryAnchors', { anchored: a.anchored, moved: a.moved, orphaned: a.orphaned })}</li>
              <li>{t('personal.summaryOther', { notes: summary.agendaNotes, drafts: summary.motionDrafts })}</li>
            </ul>
            {summary.problems.length > 0 && (
              <>
                <h4>{t('personal.problems', { n: summary.problemCount })}</h4>
                <ul className="problems">
                  {summary.problems.map((problem, i) => (
                    <li key={i}>{problem[language]}</li>
                  ))}
                </ul>
              </>
            )}
          </div>
        )}
      </SettingsSection>
      <SettingsSection id="backups-heading" className="personal-data" title={t('personal.backups')} help={t('personal.backupsHelp')}>
        {messages('backups')}
        <div className="settings-fields">
          <label className="stacked">
            <span className="rm-field-label">{t('personal.backupDays')}</span>
            <input
              type="number"
              min={1}
              max={365}
              step={1}
              key={`days:${preferences.settings.backupDays}`}
              defaultValue={preferences.settings.backupDays}
              inputMode="numeric"
              onChange={(e) => {
                const days = e.target.valueAsNumber;
                if (Number.isInteger(days) && days >= 1 && days <= 365 && days !== preferences.settings.backupDays) preferences.update({ backupDays: days });
              }}
            />
          </label>
          <button type="button" disabled={busy} onClick={() => void backupNow()}>
            {t('personal.backupNow')}
          </button>
        </div>
        {backups && backups.length === 0 && <p className="muted">{t('personal.noBackups')}</p>}
        {backups && backups.length > 0 && (
          <ul className="backups" aria-labelledby="backups-heading">
            {backups.map((backup) => {
              const when = formatDateTime(backup.createdAt, language);
              return (
                <li key={backup.name}>
                  <span className="backup-when">{when}</span> <span className="muted small backup-size">{formatSize(backup.size, language)}</span>{' '}
                  {confirm === backup.name ? (
                    <span className="confirm" role="group" aria-label={t('personal.restoreConfirm', { when })}>
                      <span>{t('personal.restoreConfirm', { when })}</span>{' '}
                      <button type="button" className="danger" disabled={busy} onClick={() => void restore(backup)}>
                        {t('personal.restoreYes')}
                      </button>
                      <button type="button" autoFocus onClick={() => endConfirm(backup.name)}>
                        {t('quote.cancel')}
                      </button>
                    </span>
                  ) : (
                    <button type="button" id={restoreButtonId(backup.name)} disabled={busy} onClick={() => setConfirm(backup.name)} aria-label={t('personal.restoreLabel', { when })}>
                      {t('personal.restore')}
                    </button>
                  )}
                </li>
              );
            })}
          </ul>
        )}
      </SettingsSection>
    </>
  );
}

function formatSize(bytes: number, language: 'nl' | 'en'): string {
  const locale = language === 'nl' ? 'nl-NL' : 'en-GB';
  if (bytes < 1024 * 1024) return `${new Intl.NumberFormat(locale, { maximumFractionDigits: 0 }).format(Math.max(1, Math.round(bytes / 1024)))} kB`;
  return `${new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(bytes / (1024 * 1024))} MB`;
}

const restoreButtonId = (name: string) => `restore-${name}`;
