import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { CheckCheck, FileStack, MoreHorizontal } from 'lucide-react';
import type { AgendaNote, MeetingDetail, MeetingOverview as MeetingOverviewData, Stance } from '../../../shared/api.ts';
import type { RaadsmapClient } from '../../../shared/client-api.ts';
import type { ErrorInfo } from '../../../shared/errors.ts';
import { formatMeetingDate, formatShortDate } from '../../../shared/format.ts';
import { useT } from '../i18n/i18n.tsx';
import { BundleDialog } from './BundleDialog.tsx';
import { MeetingOverview } from '../personal/MeetingOverview.tsx';
import { AgendaTree, type AgendaMarks } from '../agenda/AgendaTree.tsx';
import { ItemPanel } from '../agenda/ItemPanel.tsx';
import { SavedSearchAlerts } from '../search/SavedSearchAlerts.tsx';
import { Menu, toast } from '../ui/index.ts';
import { ErrorMessage } from '../shell/ErrorMessage.tsx';
import { flattenAgenda } from './home.ts';
import { NewSinceVisit } from './NewSinceVisit.tsx';
import { ChangedDocuments } from '../changes/ChangedDocuments.tsx';

/** The last answer, for the meeting it was asked for. */
type Answer = { meetingId: number; kind: 'ready'; meeting: MeetingDetail } | { meetingId: number; kind: 'error'; error: ErrorInfo };

interface Props {
  client: RaadsmapClient;
  meetingId: number | null;
  /** Changes when the library changed: the open meeting is read again (without a loading flash). */
  libraryVersion: number;
  onSelectMeeting: (meetingId: number) => void;
  /** From an agenda item (its notes go along into the reader), at a page when an annotation was chosen. */
  onOpenDocument: (documentId: number, agendaItemId: number, page?: number) => void;
  onOpenMotion: (draftId: string) => void;
  /** A saved search's new hit: the document at that page (or a new document, where it was left). */
  onOpenHit: (documentId: number, page?: number) => void;
  /** This is the home meeting (the next or latest): it shows what is new since the last visit. */
  home?: boolean;
  /** The agenda, or my own preparation for the meeting ("Mijn voorbereiding"). */
  mode: MeetingMode;
  onModeChange: (mode: MeetingMode) => void;
  /** Something in the library changed here (read state): lists read it again. */
  onLibraryChanged: () => void;
  /** The meeting shown (for the command palette's documents and agenda items). */
  onShown?: (meeting: MeetingDetail) => void;
  /** From the command palette: open an item's panel or the bundle dialog (a new object each time). */
  request?: MeetingRequest | null;
}

export type MeetingRequest = { kind: 'item'; itemId: number } | { kind: 'bundle' };

export type MeetingMode = 'agenda' | 'overview';

export function MeetingDetailView({ client, meetingId, libraryVersion, onSelectMeeting, onOpenDocument, onOpenMotion, onOpenHit, home = false, mode, onModeChange, onLibraryChanged, onShown, request }: Props) {
  const { t, meetingKind, language } = useT();
  const [answer, setAnswer] = useState<Answer | null>(null);
  const [marks, setMarks] = useState<{ meetingId: number; stances: ReadonlyMap<number, Stance>; noted: ReadonlySet<number> } | null>(null);
  // The agenda item open in the item panel (for the meeting it was chosen in).
  const [chosen, setChosen] = useState<{ meetingId: number; itemId: number } | null>(null);
  const [prep, setPrep] = useState<{ meetingId: number; overview: MeetingOverviewData } | null>(null);
  const [bundling, setBundling] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);

  // My positions and notes per item, for the indicators in the agenda (one call for the meeting).
  useEffect(() => {
    if (meetingId === null) return;
    let current = true;
    void client.meetingOverview({ meetingId }).then((result) => {
      if (current && result.ok) {
        const stances = new Map(result.value.items.flatMap((item) => (item.note?.stance ? [[item.agendaItemId, item.note.stance] as const] : [])));
        const noted = new Set(result.value.items.filter((item) => item.note?.body.trim()).map((item) => item.agendaItemId));
        setMarks({ meetingId, stances, noted });
        setPrep({ meetingId, overview: result.value });
      }
    });
    return () => {
      current = false;
    };
  }, [client, meetingId, libraryVersion]);
  const onNoteSaved = useCallback(
    (note: AgendaNote) =>
      setMarks((known) => {
        if (!known || meetingId === null) return known;
        const stances = new Map(known.stances);
        if (note.stance) stances.set(note.agendaItemId, note.stance);
        else stances.delete(note.agendaItemId);
        const noted = new Set(known.noted);
        if (note.body.trim()) noted.add(note.agendaItemId);
        else noted.delete(note.agendaItemId);
        return { meetingId, stances, noted };
      }),
    [meetingId],
  );
  const agendaMarks = useMemo<AgendaMarks>(
    () => (marks && marks.meetingId === meetingId ? marks : { stances: new Map(), noted: new Set() }),
    [marks, meetingId],
  );

  useEffect(() => {
    if (meetingId === null) return;
    let current = true;
    void client.getMeeting({ meetingId }).then((result) => {
      // A later choice may have overtaken this answer.
      if (current) setAnswer(result.ok ? { meetingId, kind: 'ready', meeting: result.value } : { meetingId, kind: 'error', error: result.error });
    });
    return () => {
      current = false;
    };
  }, [client, meetingId, libraryVersion]);

  const markAllRead = async (meeting: MeetingDetail) => {
    const unread = [...new Set(flattenAgenda(meeting.agenda).flatMap((item) => item.documents.filter((d) => !d.read).map((d) => d.id)))];
    for (const documentId of unread) await client.setRead({ documentId, read: true });
    toast({ tone: 'success', title: t('meeting.markedRead', { n: unread.length }) });
    onLibraryChanged();
  };

  const shown = answer?.kind === 'ready' && answer.meetingId === meetingId ? answer.meeting : null;
  useEffect(() => {
    if (shown) onShown?.(shown);
  }, [shown, onShown]);
  // A request from the command palette, once per request.
  useEffect(() => {
    if (!request || !shown) return;
    if (request.kind === 'bundle') setBundling(true);
    else {
      onModeChange('agenda');
      setChosen({ meetingId: shown.id, itemId: request.itemId });
    }
  }, [request, shown?.id]);

  // An answer for another meeting than the chosen one means: still loading.
  const state = answer !== null && answer.meetingId === meetingId ? answer : ({ kind: 'loading' } as const);

  // After choosing a meeting, keyboard and screen reader users continue at its heading.
  const shownId = state.kind === 'ready' ? state.meeting.id : null;
  useEffect(() => {
    // Not while a dialog (the command palette) has the focus, nor while the user types in a
    // field (the search box at start): the meeting loaded behind them.
    const active = document.activeElement;
    const typing = active instanceof HTMLInputElement || active instanceof HTMLTextAreaElement || active instanceof HTMLSelectElement;
    if (shownId !== null && !typing && !active?.closest('[role="dialog"], dialog')) heading.current?.focus();
  }, [shownId]);

  if (meetingId === null) {
    return (
      <section className="detail pane" aria-label={t('meeting.label')}>
        <p className="muted">{t('meeting.choose')}</p>
      </section>
    );
  }
  if (state.kind === 'loading') {
    return (
      <section className="detail pane" aria-label={t('meeting.label')} aria-busy="true">
        <p className="muted">{t('meeting.loading')}</p>
      </section>
    );
  }
  if (state.kind === 'error') {
    return (
      <section className="detail pane" aria-label={t('meeting.label')}>
        <ErrorMessage error={state.error} />
      </section>
    );
  }

  const { meeting } = state;
  const overview = prep?.meetingId === meeting.id ? prep.overview : null;
  const chosenItem = chosen?.meetingId === meeting.id ? flattenAgenda(meeting.agenda).find((item) => item.id === chosen.itemId) : undefined;
  const detail = (
    <section className="detail pane" aria-labelledby="meeting-heading">
      <header className="meeting-header">
        <div className="meeting-header-text">
          <h2 id="meeting-heading" ref={heading} tabIndex={-1}>
            {meeting.title}
          </h2>
          <p className="meeting-meta">
            {formatMeetingDate(meeting.startsAt, language)} · {meeting.body.name} · {meetingKind(meeting.kind)}
            {meeting.location && <> · {meeting.location}</>}
          </p>
        </div>
        <Menu
          label={t('meeting.actions')}
          icon={<MoreHorizontal />}
          actions={[
            { id: 'bundle', label: t('bundle.open'), icon: <FileStack /> },
            { id: 'read', label: t('meeting.markAllRead'), icon: <CheckCheck /> },
          ]}
          onAction={(id) => (id === 'bundle' ? setBundling(true) : void markAllRead(meeting))}
        />
      </header>
      <PreparationStatus meeting={meeting} overview={overview} />
      {(meeting.chair || meeting.clerk) && (
        <dl className="meeting-people">
          {meeting.chair && (
            <div>
              <dt>{t('meeting.chair')}</dt>
              <dd>{meeting.chair}</dd>
            </div>
          )}
          {meeting.clerk && (
            <div>
              <dt>{t('meeting.clerk')}</dt>
              <dd>{meeting.clerk}</dd>
            </div>
          )}
        </dl>
      )}
      {meeting.relatedMeetings.length > 0 && (
        <div className="related">
          <span id="related-label">{t('meeting.alsoOn')}</span>
          <ul aria-labelledby="related-label">
            {meeting.relatedMeetings.map((related) => (
              <li key={related.id}>
                <button type="button" className="link-button" onClick={() => onSelectMeeting(related.id)}>
                  {related.title}, {formatShortDate(related.startsAt, language)}
                </button>{' '}
                <span className="muted">({t('count.shared', { n: related.sharedDocuments })})</span>
              </li>
            ))}
          </ul>
        </div>
      )}
      {home && <NewSinceVisit client={client} libraryVersion={libraryVersion} onOpenMeeting={onSelectMeeting} onOpenDocument={(documentId) => onOpenHit(documentId)} />}
      <SavedSearchAlerts client={client} onOpenDocument={onOpenHit} />
      <ChangedDocuments documents={meeting.changedDocuments} onOpen={(documentId, agendaItemId) => onOpenDocument(documentId, agendaItemId)} />
      <div className="mode-switch" role="group" aria-label={t('meeting.view')}>
        <button type="button" aria-pressed={mode === 'agenda'} onClick={() => onModeChange('agenda')}>
          {t('meeting.agenda')}
        </button>
        <button type="button" aria-pressed={mode === 'overview'} onClick={() => onModeChange('overview')}>
          {t('meeting.preparation')}
        </button>
      </div>
      {bundling && <BundleDialog client={client} meeting={meeting} overview={overview} onClose={() => setBundling(false)} />}
      {mode === 'overview' ? (
        <>
          <h3 className="visually-hidden">{t('meeting.preparation')}</h3>
          <MeetingOverview
            key={`${meeting.id}:${libraryVersion}`}
            client={client}
            meetingId={meeting.id}
            onOpenDocument={(documentId, page, agendaItemId) => onOpenDocument(documentId, agendaItemId, page)}
            onOpenMotion={onOpenMotion}
          />
        </>
      ) : (
        <>
          <h3 className="visually-hidden">{t('meeting.agenda')}</h3>
          {meeting.agenda.length === 0 ? (
            <p className="muted">{t('meeting.noItems')}</p>
          ) : (
            <AgendaTree
              items={meeting.agenda}
              label={t('meeting.agenda')}
              onOpenDocument={onOpenDocument}
              marks={agendaMarks}
              selectedItemId={chosenItem?.id ?? null}
              onSelectItem={(item) => setChosen({ meetingId: meeting.id, itemId: item.id })}
            />
          )}
        </>
      )}
    </section>
  );
  if (!chosenItem || mode !== 'agenda') return detail;
  return (
    <div className="detail-split">
      {detail}
      <ItemPanel
        client={client}
        meetingId={meeting.id}
        item={chosenItem}
        onOpenDocument={onOpenDocument}
        onOpenMotion={onOpenMotion}
        onSaved={onNoteSaved}
        onClose={() => {
          setChosen(null);
          // Back on the item's row in the agenda.
          setTimeout(() => document.querySelector<HTMLElement>(`.agenda-tree [data-item="${chosenItem.id}"]`)?.focus());
        }}
      />
    </div>
  );
}


/** How far my preparation is: documents read, positions taken, drafts. */
function PreparationStatus({ meeting, overview }: { meeting: MeetingDetail; overview: MeetingOverviewData | null }) {
  const { t } = useT();
  const items = flattenAgenda(meeting.agenda);
  const documents = new Map(items.flatMap((item) => item.documents.map((d) => [d.id, d] as const)));
  const read = [...documents.values()].filter((d) => d.read).length;
  const decidable = items.filter((item) => !item.section && item.status !== 'withdrawn');
  const positions = overview ? overview.items.filter((item) => item.note?.stance).length : 0;
  const drafts = overview ? overview.items.reduce((n, item) => n + item.drafts.length, overview.unlinkedDrafts.length) : 0;
  const stat = (label: string, value: string, done: boolean) => (
    <div className={done ? 'prep-stat done' : 'prep-stat'}>
      <dt>{label}</dt>
      <dd>{value}</dd>
    </div>
  );
  return (
    <dl className="prep-status" aria-label={t('meeting.prepStatus')}>
      {stat(t('meeting.prepRead'), `${read}/${documents.size}`, documents.size > 0 && read === documents.size)}
      {stat(t('meeting.prepPositions'), `${positions}/${decidable.length}`, decidable.length > 0 && positions >= decidable.length)}
      {stat(t('meeting.prepDrafts'), String(drafts), false)}
    </dl>
  );
}
