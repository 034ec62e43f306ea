// The export calls: gathers what an annotated PDF or a fractie bundle needs
// from the store (files, my annotations, notes, positions, drafts), runs the
// job in an export thread and keeps the result under exports/ for the host.
import type Database from 'better-sqlite3-multiple-ciphers';
import type { AgendaItemView, CallInput, CallOutputs, DocumentSummary } from '../../../shared/api.ts';
import type { ProgressListener } from '../../../shared/errors.ts';
import type { BlobStore } from '../files/blob-store.ts';
import type { ExportFiles } from '../files/exports.ts';
import { documentFile, getDocument } from '../library/documents.ts';
import { getMeeting } from '../library/queries.ts';
import type { AgendaNoteStore } from '../personal/agenda-notes.ts';
import type { AnnotationStore } from '../personal/annotations.ts';
import type { MotionStore } from '../personal/motions.ts';
import type { BundleDocument, BundleDraft, BundleItem } from './bundle.ts';
import { runExport } from './run-export.ts';

interface Deps {
  db: Database.Database;
  blobs: BlobStore;
  exportFiles: ExportFiles;
  annotations: AnnotationStore;
  notes: AgendaNoteStore;
  motions: MotionStore;
  user: () => { userName: string; fractie: string };
  now: () => string;
}

interface TaskOptions {
  signal?: AbortSignal | undefined;
  onProgress?: ProgressListener | undefined;
}

export class PdfExports {
  constructor(private readonly deps: Deps) {}

  async document(input: CallInput<'exportAnnotatedPdf'>, options: TaskOptions = {}): Promise<CallOutputs['exportAnnotatedPdf']> {
    const { db, blobs, annotations, exportFiles } = this.deps;
    const detail = getDocument(db, input.documentId);
    const file = documentFile(db, blobs, input.documentId);
    options.onProgress?.({ phase: 'export', done: 0, total: 1, nl: `“${detail.title}” met aantekeningen maken`, en: `Making “${detail.title}” with annotations` });
    const result = await runExport(
      {
        kind: 'document',
        path: file.path,
        filesKey: blobs.keyHex(),
        title: detail.title,
        annotations: annotations.list({ documentId: input.documentId }),
        author: this.deps.user().userName,
        flatten: input.flatten ?? false,
        summary: input.summary ?? false,
      },
      options,
    );
    options.onProgress?.({ phase: 'export', done: 1, total: 1, nl: 'Klaar', en: 'Done' });
    return exportFiles.write(`${detail.title} (met aantekeningen).pdf`, result.bytes, 'application/pdf');
  }

  async bundle(input: CallInput<'exportBundle'>, options: TaskOptions = {}): Promise<CallOutputs['exportBundle']> {
    const { db, blobs, annotations, notes, motions, exportFiles } = this.deps;
    const meeting = getMeeting(db, input.meetingId);
    const chosenItems = input.agendaItemIds ? new Set(input.agendaItemIds) : null;
    const chosenDocuments = input.documentIds ? new Set(input.documentIds) : null;
    const drafts = motions.list({ meetingId: meeting.id }).map((d) => {
      const full = motions.get(d.id);
      return { agendaItemId: d.agendaItemId, draft: { kind: full.kind, title: full.title, status: full.status, content: full.content } satisfies BundleDraft };
    });
    const documents = new Map<number, BundleDocument>();
    const documentOf = (d: DocumentSummary): BundleDocument => {
      let doc = documents.get(d.id);
      if (!doc) documents.set(d.id, (doc = { documentId: d.id, title: d.title, path: documentFile(db, blobs, d.id).path, annotations: annotations.list({ documentId: d.id }) }));
      return doc;
    };
    // The agenda tree at any depth, section items too. An item left out (not chosen, withdrawn) passes its sub-items up.
    const tree = (list: readonly AgendaItemView[]): BundleItem[] =>
      list.flatMap((item) => {
        const children = tree(item.children);
        if (item.status !== 'active' || (chosenItems && !chosenItems.has(item.id))) return children;
        const note = notes.get(item.id);
        return [
          {
            number: item.number,
            title: item.title,
            stance: note.stance,
            note: note.body,
            drafts: drafts.filter((d) => d.agendaItemId === item.id).map((d) => d.draft),
            // A document on two items is passed for both; the bundle takes it once, where it comes first.
            documents: item.documents.filter((d) => d.status === 'active' && d.linkStatus === 'active' && (!chosenDocuments || chosenDocuments.has(d.id))).map(documentOf),
            children,
          },
        ];
      });
    const items = tree(meeting.agenda);
    const user = this.deps.user();
    const result = await runExport(
      {
        kind: 'bundle',
        input: {
          meeting: { title: meeting.title, startsAt: meeting.startsAt, bodyName: meeting.body.name, location: meeting.location },
          user: { name: user.userName, fractie: user.fractie },
          createdAt: this.deps.now(),
          items,
          // Drafts on no agenda item (vreemd aan de orde) belong to the meeting, whichever items were chosen.
          otherDrafts: drafts.filter((d) => d.agendaItemId === null).map((d) => d.draft),
          flatten: input.flatten,
          filesKey: blobs.keyHex(),
        },
      },
      options,
    );
    const file = exportFiles.write(`Fractiebundel ${meeting.title} ${meeting.startsAt.slice(0, 10)}.pdf`, result.bytes, 'application/pdf');
    return { ...file, pageCount: result.pageCount, problems: result.problems };
  }
}
