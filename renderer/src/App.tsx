import { useCallback, useEffect, useState } from 'react';
import type { RaadsmapClient } from '../../shared/client-api.ts';
import type { Progress } from '../../shared/errors.ts';
import { MeetingDetailView } from './components/MeetingDetailView.tsx';
import { MeetingList, type MeetingsState } from './components/MeetingList.tsx';
import { ProgressStatus } from './components/ProgressStatus.tsx';

export function App({ client }: { client: RaadsmapClient }) {
  const [meetings, setMeetings] = useState<MeetingsState>({ kind: 'loading' });
  const [selectedId, setSelectedId] = useState<number | null>(null);
  const [progress, setProgress] = useState<Progress | null>(null);
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
        setProgress(event.progress.total > 0 && event.progress.done >= event.progress.total ? null : event.progress);
      }
    });
  }, [client, loadMeetings]);

  return (
    <div className="app">
      <header className="app-header">
        <h1>Raadsmap</h1>
        <p className="tagline">Vergaderstukken van de gemeenteraad, ook offline</p>
        <ProgressStatus progress={progress} />
      </header>
      <main className="layout">
        <MeetingList state={meetings} selectedId={selectedId} onSelect={setSelectedId} />
        <MeetingDetailView client={client} meetingId={selectedId} libraryVersion={libraryVersion} onSelectMeeting={setSelectedId} />
      </main>
    </div>
  );
}
