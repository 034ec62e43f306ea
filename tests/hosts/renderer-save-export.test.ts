import { describe, expect, it, vi } from 'vitest';
import type { ExportedFile } from '../../shared/api.ts';
import { nl } from '../../renderer/src/i18n/messages.ts';

// How the window ends an export (renderer/src/api/download.ts): on the desktop
// the file is saved by the host and the toast offers "Openen" and "Toon in
// map", which ask the host by the saved file's id; a failure says why.
// The toast itself is react-aria's (e2e tests show it in Chromium); here it is recorded.
const shown = vi.hoisted(() => [] as { tone: string; title: string; description?: string; actions?: { label: string; onAction: () => void }[] }[]);
vi.mock('../../renderer/src/ui/Toast.tsx', () => ({ toast: (content: (typeof shown)[number]) => shown.push(content) }));
const { announceSaved, saveExport } = await import('../../renderer/src/api/download.ts');

const t = (id: keyof typeof nl, values: Record<string, string | number> = {}) => nl[id].replace(/\{(\w+)\}/g, (_, k: string) => String(values[k]));
const message = (info: { nl: string }) => info.nl;
const file: ExportedFile = { exportId: 'ab'.repeat(16), fileName: 'Motie zorg.docx', mimeType: 'application/zip', size: 4 };

describe('saving an export on the desktop', () => {
  it('lets the host save it, then offers Openen and Toon in map for that file', async () => {
    const desktop = {
      exportSource: vi.fn(),
      saveExportToDisk: vi.fn(async () => ({ ok: true as const, value: { savedId: 'cd'.repeat(16), fileName: 'Motie zorg (2).docx' } })),
      revealSaved: vi.fn(async () => ({ ok: true as const, value: null })),
    };
    const saved = await saveExport(desktop, file);
    expect(desktop.saveExportToDisk).toHaveBeenCalledWith(file.exportId);
    expect(desktop.exportSource).not.toHaveBeenCalled();
    expect(saved).toEqual({ ok: true, value: { savedId: 'cd'.repeat(16), fileName: 'Motie zorg (2).docx' } });

    shown.length = 0;
    announceSaved(desktop, saved.ok ? saved.value : { fileName: '' }, t, message);
    expect(shown).toHaveLength(1);
    expect(shown[0]).toMatchObject({ tone: 'success', title: 'Motie zorg (2).docx is opgeslagen in Downloads.' });
    expect(shown[0]!.actions!.map((a) => a.label)).toEqual(['Openen', 'Toon in map']);
    shown[0]!.actions![0]!.onAction();
    shown[0]!.actions![1]!.onAction();
    await vi.waitFor(() => expect(desktop.revealSaved).toHaveBeenCalledTimes(2));
    expect(desktop.revealSaved.mock.calls).toEqual([
      ['cd'.repeat(16), 'open'],
      ['cd'.repeat(16), 'folder'],
    ]);
  });

  it('says why a saved file could not be opened', async () => {
    const desktop = {
      revealSaved: vi.fn(async () => ({ ok: false as const, error: { code: 'export.cannot-open', nl: 'Het bestand kon niet worden geopend.', en: 'x', subject: 'No application' } })),
    };
    shown.length = 0;
    announceSaved(desktop, { savedId: 'cd'.repeat(16), fileName: 'a.pdf' }, t, message);
    shown[0]!.actions![0]!.onAction();
    await vi.waitFor(() => expect(shown).toHaveLength(2));
    expect(shown[1]).toEqual({ tone: 'danger', title: 'Het bestand kon niet worden geopend.', description: 'No application' });
  });

  it('in a browser: says it was downloaded, with no actions the browser has itself', () => {
    shown.length = 0;
    announceSaved({}, { fileName: 'a.pdf' }, t, message, 'Samen 12 blz.');
    expect(shown).toEqual([{ tone: 'success', title: 'a.pdf is gedownload.', description: 'Samen 12 blz.' }]);
  });
});
