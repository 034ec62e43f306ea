import { useCallback, useEffect, useState } from 'react';
import type { MeetingDetail } from '../../shared/api.ts';
import type { RaadsmapClient } from '../../shared/client-api.ts';
import type { Progress } from '../../shared/errors.ts';
import { formatShortDate } from '../../shared/format.ts';
import { CommandPalette, type Command } from './shell/CommandPalette.tsx';
import { ImportButton, ImportStatus, useImport } from './shell/ImportPackages.tsx';
import { MeetingDetailView, type MeetingMode, type MeetingRequest } from './meetings/MeetingDetailView.tsx';
import { MeetingList, type MeetingsState } from './meetings/MeetingList.tsx';
import { ProgressStatus } from './shell/ProgressStatus.tsx';
import { usePreferences, useT } from './i18n/i18n.tsx';
import { SearchFacets } from './search/SearchFacets.tsx';
import { SearchBox, SearchView, type SearchRequest } from './search/SearchView.tsx';
import { DocumentReader, MotionEditor, MotionsView, SettingsView, preloadViews } from './shell/lazy-views.tsx';
import { NavRail, type Place } from './shell/NavRail.tsx';
import { TopBar } from './shell/TopBar.tsx';
import { useSync } from './shell/useSync.ts';
import { flattenAgenda, homeMeeting } from './meetings/home.ts';
import { Toasts, toast } from './ui/index.ts';

/** What the main area shows. The meeting list stays beside the library and search views. */
type View =
  | { kind: 'library' }
  | { kind: 'search'; request: SearchRequest }
  | { kind: 'settings'; back: View }
  | { kind: 'motions' }
  | { kind: 'document'; documentId: number; page?: number | undefined; query?: string | undefined; mark?: string | undefined; agendaItemId?: number | undefined; back: View }
  | { kind: 'motion'; draftId: string; back: View };

export function App({ client }: { client: RaadsmapClient }) {
  const { t, language } = useT();
  const preferences = usePreferences();
  const [meetings, setMeetings] = useState<MeetingsState>({ kind: 'loading' });
  const [selectedId, setSelectedId] = useState<number | null>(null);
  // The latest progress of each kind of task: imports show theirs in the status slot.
  const [progress, setProgress] = useState<{ task: string; progress: Progress } | null>(null);
  // The sample import's latest progress: the empty list shows it (also between two packages) on first start.
  const [sampleProgress, setSampleProgress] = useState<Progress | null>(null);
  const [view, setView] = useState<View>({ kind: 'library' });
  const [meetingMode, setMeetingMode] = useState<MeetingMode>('agenda');
  // Bumped when a backup was put back: the open reader or editor reads my work again.
  const [restores, setRestores] = useState(0);
  // Bumped on every 'library-changed', so an open meeting is read again too.
  const [libraryVersion, setLibraryVersion] = useState(0);
  const sync = useSync(client);
  // The meeting on screen (its documents and agenda items are in the command palette), and what the palette asks of it.
  const [shownMeeting, setShownMeeting] = useState<MeetingDetail | null>(null);
  const [meetingRequest, setMeetingRequest] = useState<MeetingRequest | null>(null);
  const importer = useImport(client);

  const loadMeetings = useCallback(async () => {
    const result = await client.listMeetings({});
    setMeetings(result.ok ? { kind: 'ready', meetings: result.value } : { kind: 'error', error: result.error });
  }, [client]);

  // What opening the store had to repair (a backup put back for a damaged personal.db): said once, and it stays until closed.
  useEffect(() => {
    void client.storeNotices({}).then((result) => {
      if (!result.ok) return;
      for (const notice of result.value) toast({ tone: 'danger', title: t('store.notice'), description: language === 'nl' ? notice.nl : notice.en });
    });
    // Once per opening of the app on this store, in the language of that moment.
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
        if (event.task === 'sample-data') setSampleProgress(event.progress);
        const finished = event.progress.total > 0 && event.progress.done >= event.progress.total;
        setProgress(finished ? null : { task: event.task, progress: event.progress });
      }
    });
  }, [client, loadMeetings]);

  // Home: once meetings are there and none is chosen, the next (or the latest) one opens.
  useEffect(() => {
    if (selectedId !== null || meetings.kind !== 'ready') return;
    const home = homeMeeting(meetings.meetings);
    if (home) setSelectedId(home.id);
  }, [meetings, selectedId]);

  const openMeeting = useCallback((meetingId: number, mode?: MeetingMode) => {
    setSelectedId(meetingId);
    if (mode) setMeetingMode(mode);
    setView({ kind: 'library' });
  }, []);
  const openDocument = (documentId: number, page?: number, query?: string, agendaItemId?: number, mark?: string) =>
    setView((current) => ({ kind: 'document', documentId, page, query, mark, agendaItemId, back: current.kind === 'document' ? current.back : current }));
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
  const focusSearch = () => document.getElementById('global-search')?.focus();
  const openSettings = useCallback(() => setView((current) => (current.kind === 'settings' ? current : { kind: 'settings', back: current })), []);
  // Escape leaves Instellingen for where the user was; focus on its place in the rail.
  const closeSettings = (back: View) => {
    setView(back);
    setTimeout(() => document.querySelector<HTMLElement>('.rail a[href="#settings"]')?.focus());
  };

  // Ctrl+, opens Instellingen.
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if ((event.ctrlKey || event.metaKey) && event.key === ',') {
        event.preventDefault();
        openSettings();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [openSettings]);

  const navigate = (place: Place) => {
    if (place === 'meetings') {
      setMeetingMode('agenda');
      setView({ kind: 'library' });
    }
    else if (place === 'preparation' && selectedId !== null) openMeeting(selectedId, 'overview');
    else if (place === 'search') {
      if (view.kind !== 'search') setView({ kind: 'search', request: { query: '', filters: {}, sort: 'relevance' } });
      setTimeout(focusSearch);
    } else if (place === 'motions') setView({ kind: 'motions' });
    else if (place === 'settings') openSettings();
  };
  const place: Place | null =
    view.kind === 'settings' ? 'settings' : view.kind === 'search' ? 'search' : view.kind === 'motions' || view.kind === 'motion' ? 'motions' : view.kind === 'library' ? (meetingMode === 'overview' ? 'preparation' : 'meetings') : null;

  // The first screen is up: the reader, editors and settings load in idle time (shell/lazy-views.tsx).
  useEffect(() => {
    if (meetings.kind !== 'loading') preloadViews();
  }, [meetings.kind]);

  const selectedMeeting = meetings.kind === 'ready' ? meetings.meetings.find((m) => m.id === selectedId) : undefined;
  const homeId = meetings.kind === 'ready' ? homeMeeting(meetings.meetings)?.id : undefined;
  const commands: Command[] = [
    { id: 'search', group: 'actions', label: t('palette.search'), hint: '/', run: focusSearch },
    { id: 'import', group: 'actions', label: t('palette.import'), run: importer.choose },
    ...(sync.sources.length > 0 ? [{ id: 'sync', group: 'actions' as const, label: t('palette.sync'), run: () => void sync.syncNow() }] : []),
    { id: 'settings', group: 'actions', label: t('palette.settings'), hint: 'Ctrl+,', run: openSettings },
    { id: 'lock', group: 'actions', label: t('palette.lock'), run: () => void client.lockVault({}) },
    { id: 'lang-nl', group: 'actions', label: t('palette.language', { language: 'Nederlands' }), run: () => preferences.setLanguage('nl') },
    { id: 'lang-en', group: 'actions', label: t('palette.language', { language: 'English' }), run: () => preferences.setLanguage('en') },
    ...(['system', 'light', 'dark'] as const).map((theme) => ({
      id: `theme-${theme}`,
      group: 'actions' as const,
      label: t('palette.theme', { theme: t(`theme.${theme}`) }),
      run: () => preferences.setTheme(theme),
    })),
    ...(selectedMeeting
      ? [{ id: 'preparation', group: 'actions' as const, label: t('palette.preparation', { title: selectedMeeting.title }), run: () => openMeeting(selectedMeeting.id, 'overview') }]
      : []),
    ...(shownMeeting && shownMeeting.id === selectedId
      ? [
          {
            id: 'new-motion',
            group: 'actions' as const,
            label: t('palette.newMotion', { title: shownMeeting.title }),
            run: () =>
              void client.createMotionDraft({ kind: 'motie', meetingId: shownMeeting.id }).then((created) => {
                if (created.ok) openMotion(created.value.id);
              }),
          },
          {
            id: 'bundle',
            group: 'actions' as const,
            label: t('palette.bundle', { title: shownMeeting.title }),
            run: () => {
              openMeeting(shownMeeting.id);
              setMeetingRequest({ kind: 'bundle' });
            },
          },
          ...flattenAgenda(shownMeeting.agenda).flatMap((item) => [
            ...(item.section
              ? []
              : [
                  {
                    id: `item-${item.id}`,
                    group: 'items' as const,
                    label: item.number ? `${item.number} ${item.title}` : item.title,
                    run: () => {
                      openMeeting(shownMeeting.id, 'agenda');
                      setMeetingRequest({ kind: 'item', itemId: item.id });
                    },
                  },
                ]),
            ...item.documents.map((d) => ({
              id: `document-${item.id}-${d.id}`,
              group: 'documents' as const,
              label: d.title,
              hint: t('count.pages', { n: d.pageCount }),
              run: () => openDocument(d.id, undefined, undefined, item.id),
            })),
          ]),
        ]
      : []),
    ...(meetings.kind === 'ready'
      ? meetings.meetings.map((m) => ({ id: `meeting-${m.id}`, group: 'meetings' as const, label: t('palette.meeting', { title: m.title }), hint: formatShortDate(m.startsAt, language), run: () => openMeeting(m.id) }))
      : []),
  ];

  // The sample import shows in the meeting list; imports and syncs have their own status.
  const otherProgress = progress && !['importPackages', 'syncSources', 'sample-data'].includes(progress.task) ? progress.progress : null;
  const syncProgress = progress?.task === 'syncSources' ? progress.progress : null;
  return (
    <div className="app">
      <CommandPalette commands={commands} onSearchAll={(text) => search({ query: text, filters: {}, sort: 'relevance' })} />
      <TopBar
        sync={sync}
        onOpenSources={() => {
          openSettings();
          setTimeout(() => document.getElementById('sources-heading')?.scrollIntoView());
        }}
        search={<SearchBox client={client} initial={searchQuery} onSearch={(query) => search({ query, filters: view.kind === 'search' ? view.request.filters : {}, sort: 'relevance' })} />}
        importButton={<ImportButton control={importer} />}
        status={
          <>
            <ImportStatus control={importer} progress={progress?.task === 'importPackages' ? progress.progress : null} />
            {sync.sync.kind === 'running' && view.kind !== 'settings' && (
              <div className="status-text" aria-hidden="true">
                {syncProgress ? (language === 'nl' ? syncProgress.nl : syncProgress.en) : t('sources.syncing')}
              </div>
            )}
            <ProgressStatus progress={otherProgress} />
          </>
        }
      />
      <NavRail current={place} onNavigate={navigate} />
      {view.kind === 'document' ? (
        <main className="main reading">
          <DocumentReader
            key={`${view.documentId}:${view.page ?? ''}:${restores}`}
            client={client}
            documentId={view.documentId}
            page={view.page}
            query={view.query}
            mark={view.mark}
            agendaItemId={view.agendaItemId}
            onOpenMeeting={openMeeting}
            onOpenMotion={openMotion}
            onClose={() => goBack(view.back)}
          />
        </main>
      ) : view.kind === 'motion' ? (
        <main className="main reading">
          <MotionEditor key={`${view.draftId}:${restores}`} client={client} draftId={view.draftId} onClose={() => goBack(view.back)} onOpenDocument={(documentId, page) => openDocument(documentId, page)} />
        </main>
      ) : view.kind === 'settings' ? (
        <main className="main">
          <SettingsView client={client} sync={sync} syncProgress={syncProgress} onRestored={restored} onClose={() => closeSettings(view.back)} />
        </main>
      ) : view.kind === 'motions' ? (
        <main className="main">
          <MotionsView client={client} meetings={meetings.kind === 'ready' ? meetings.meetings : []} onOpenMotion={openMotion} libraryVersion={libraryVersion} />
        </main>
      ) : (
        <main className="main library">
          {view.kind === 'search' ? (
            // While searching, the facets take the meeting list's place.
            <SearchFacets client={client} request={view.request} onSearch={search} />
          ) : (
            <MeetingList state={meetings} selectedId={view.kind === 'library' ? selectedId : null} onSelect={openMeeting} firstStart={sampleProgress} />
          )}
          {view.kind === 'search' ? (
            <SearchView
              client={client}
              request={view.request}
              onSearch={search}
              onOpenDocument={(documentId, page, query, mark) => openDocument(documentId, page, query, undefined, mark)}
              onOpenMeeting={openMeeting}
            />
          ) : (
            <MeetingDetailView
              client={client}
              meetingId={selectedId}
              libraryVersion={libraryVersion}
              onSelectMeeting={setSelectedId}
              onOpenDocument={(documentId, agendaItemId, page) => openDocument(documentId, page, undefined, agendaItemId)}
              onOpenMotion={openMotion}
              onOpenHit={(documentId, page) => openDocument(documentId, page)}
              home={selectedId !== null && selectedId === homeId}
              onLibraryChanged={() => goBack({ kind: 'library' })}
              onShown={setShownMeeting}
              request={meetingRequest}
              mode={meetingMode}
              onModeChange={setMeetingMode}
            />
          )}
        </main>
      )}
      <Toasts closeLabel={t('common.close')} label={t('shell.notifications')} />
    </div>
  );
}
