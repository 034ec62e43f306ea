import { useCallback, useEffect, useState } from 'react';
import type { RaadsmapClient } from '../../shared/client-api.ts';
import type { Progress } from '../../shared/errors.ts';
import { MeetingDetailView, type MeetingMode } from './components/MeetingDetailView.tsx';
import { MeetingList, type MeetingsState } from './components/MeetingList.tsx';
import { CommandPalette, type Command } from './components/CommandPalette.tsx';
import { ImportPackages } from './components/ImportPackages.tsx';
import { formatShortDate } from '../../shared/format.ts';
import { ProgressStatus } from './components/ProgressStatus.tsx';
import { SourcesPanel } from './components/SourcesPanel.tsx';
import { DocumentReader } from './reader/DocumentReader.tsx';
import { MotionEditor } from './personal/MotionEditor.tsx';
import { PersonalData } from './personal/PersonalData.tsx';
import { SearchBox, SearchView, type SearchRequest } from './search/SearchView.tsx';
import { SecuritySettings } from './vault/SecuritySettings.tsx';
import { usePreferences, useT } from './i18n/i18n.tsx';
import { PreferenceSelects } from './components/PreferenceSelects.tsx';

/** What the main area shows. The meeting list stays beside the library and search views. */
type View =
  | { kind: 'library' }
  | { kind: 'search'; request: SearchRequest }
  | { kind: 'document'; documentId: number; page?: number | undefined; query?: string | undefined; agendaItemId?: number | undefined; back: View }
  | { kind: 'motion'; draftId: string; back: View };

export function App({ client }: { client: RaadsmapClient }) {
  const { t, language } = useT();
  const preferences = usePreferences();
  const [meetings, setMeetings] = useState<MeetingsState>({ kind: 'loading' });
  const [selectedId, setSelectedId] = useState<number | null>(null);
  // The latest progress of each kind of task: imports show theirs in the import panel.
  const [progress, setProgress] = useState<{ task: string; progress: Progress } | null>(null);
  const [view, setView] = useState<View>({ kind: 'library' });
  const [meetingMode, setMeetingMode] = useState<MeetingMode>('agenda');
  const [meOpen, setMeOpen] = useState(false);
  // Bumped when a backup was put back: the open reader or editor reads my work again.
  const [restores, setRestores] = useState(0);
  // Bumped on every 'library-changed', so an open meeting is read again too.
  const [libraryVersion, setLibraryVersion] = useState(0);

  const loadMeetings = useCallback(async () => {
    const result = await client.listMeetings({});
    setMeetings(result.ok ? { kind: 'ready', meetings: result.value } : { kind: 'error', error: result.error });
  }, [client]);

  useEffect(() => {
    void loadMeetings();
    // Imports (the sample meetings on first start, later the user's) change the library under us.
    return client.onEvent((event) => {
      if (event.type === 'library-changed') {
        // A package is in; the next progress event (if any) shows the next one.
        setProgress(null);
        setLibraryVersion((version) => version + 1);
        void loadMeetings();
      } else if (event.type === 'progress') {
        const finished = event.progress.total > 0 && event.progress.done >= event.progress.total;
        setProgress(finished ? null : { task: event.task, progress: event.progress });
      }
    });
  }, [client, loadMeetings]);

  const openMeeting = (meetingId: number, mode?: MeetingMode) => {
    setSelectedId(meetingId);
    if (mode) setMeetingMode(mode);
    setView({ kind: 'library' });
  };
  const openDocument = (documentId: number, page?: number, query?: string, agendaItemId?: number) =>
    setView((current) => ({ kind: 'document', documentId, page, query, agendaItemId, back: current.kind === 'document' ? current.back : current }));
  const openMotion = useCallback((draftId: string) => setView((current) => ({ kind: 'motion', draftId, back: current })), []);
  // Back from the reader or the editor: what was open before, read again (read state, notes, drafts changed).
  const restored = () => {
    setRestores((n) => n + 1);
    setLibraryVersion((v) => v + 1);
  };
  const goBack = (back: View) => {
    setView(back);
    setLibraryVersion((v) => v + 1);
    void loadMeetings();
  };
  const search = (request: SearchRequest) => setView({ kind: 'search', request });
  const searchQuery = view.kind === 'search' ? view.request.query : '';

  const commands: Command[] = [
    { id: 'search', label: t('palette.search'), hint: '/', run: () => document.getElementById('global-search')?.focus() },
    { id: 'import', label: t('palette.import'), run: () => document.querySelector<HTMLInputElement>('.import input[type=file]')?.click() },
    { id: 'lang-nl', label: t('palette.language', { language: 'Nederlands' }), run: () => preferences.setLanguage('nl') },
    { id: 'lang-en', label: t('palette.language', { language: 'English' }), run: () => preferences.setLanguage('en') },
    ...(['system', 'light', 'dark'] as const).map((theme) => ({
      id: `theme-${theme}`,
      label: t('palette.theme', { theme: t(`theme.${theme}`) }),
      run: () => preferences.setTheme(theme),
    })),
    ...(selectedId !== null && meetings.kind === 'ready' && meetings.meetings.some((m) => m.id === selectedId)
      ? [{ id: 'preparation', label: t('palette.preparation', { title: meetings.meetings.find((m) => m.id === selectedId)!.title }), run: () => openMeeting(selectedId, 'overview') }]
      : []),
    ...(meetings.kind === 'ready'
      ? meetings.meetings.map((m) => ({ id: `meeting-${m.id}`, label: t('palette.meeting', { title: m.title }), hint: formatShortDate(m.startsAt, language), run: () => openMeeting(m.id) }))
      : []),
  ];

  return (
    <div className="app">
      <CommandPalette commands={commands} title={t('palette.title')} placeholder={t('palette.placeholder')} noMatches={t('palette.none')} />
      <header className="app-header">
        <h1>Raadsmap</h1>
        <p className="tagline">{t('app.tagline')}</p>
        <SearchBox client={client} initial={searchQuery} onSearch={(query) => search({ query, filters: view.kind === 'search' ? view.request.filters : {}, sort: 'relevance' })} />
        <ImportPackages client={client} progress={progress?.task === 'importPackages' ? progress.progress : null} />
        <ProgressStatus progress={progress && progress.task !== 'importPackages' && progress.task !== 'syncSources' ? progress.progress : null} />
        <SourcesPanel client={client} progress={progress?.task === 'syncSources' ? progress.progress : null} />
        <div className="preferences">
          <PreferenceSelects />
          <details
            className="me"
            onToggle={(e) => setMeOpen(e.currentTarget.open)}
            onKeyDown={(e) => {
              // Escape closes the panel (and does not reach the reader, which would close on it).
              if (e.key !== 'Escape' || !e.currentTarget.open) return;
              e.stopPropagation();
              e.currentTarget.open = false;
              e.currentTarget.querySelector('summary')?.focus();
            }}
          >
            <summary>{t('app.me')}</summary>
            <div className="me-panel">
              <label>
                {t('app.userName')}{' '}
                <input key={`name:${preferences.settings.userName}`} defaultValue={preferences.settings.userName} maxLength={100} onBlur={(e) => preferences.update({ userName: e.target.value })} />
              </label>
              <label>
                {t('app.fractie')}{' '}
                <input key={`fractie:${preferences.settings.fractie}`} defaultValue={preferences.settings.fractie} maxLength={100} onBlur={(e) => preferences.update({ fractie: e.target.value })} />
              </label>
              {meOpen && <PersonalData client={client} onRestored={restored} />}
              {meOpen && <SecuritySettings client={client} />}
            </div>
          </details>
        </div>
      </header>
      {view.kind === 'document' ? (
        <main className="layout reading">
          <DocumentReader
            key={`${view.documentId}:${view.page ?? ''}:${restores}`}
            client={client}
            documentId={view.documentId}
            page={view.page}
            query={view.query}
            agendaItemId={view.agendaItemId}
            onOpenMeeting={openMeeting}
            onOpenMotion={openMotion}
            onClose={() => goBack(view.back)}
          />
        </main>
      ) : view.kind === 'motion' ? (
        <main className="layout reading">
          <MotionEditor key={`${view.draftId}:${restores}`} client={client} draftId={view.draftId} onClose={() => goBack(view.back)} onOpenDocument={(documentId, page) => openDocument(documentId, page)} />
        </main>
      ) : (
        <main className="layout">
          <MeetingList state={meetings} selectedId={view.kind === 'library' ? selectedId : null} onSelect={openMeeting} />
          {view.kind === 'search' ? (
            <SearchView client={client} request={view.request} onSearch={search} onOpenDocument={openDocument} onOpenMeeting={openMeeting} />
          ) : (
            <MeetingDetailView
              client={client}
              meetingId={selectedId}
              libraryVersion={libraryVersion}
              onSelectMeeting={setSelectedId}
              onOpenDocument={(documentId, agendaItemId, page) => openDocument(documentId, page, undefined, agendaItemId)}
              onOpenMotion={openMotion}
              mode={meetingMode}
              onModeChange={setMeetingMode}
            />
          )}
        </main>
      )}
    </div>
  );
}
