// `raadsmap doctor` as a user runs it: a flipped byte in a stored PDF is
// reported with the document and its meeting (exit 1), with a progress line on
// stderr; `--repair` puts the file back from its package (exit 0 after); a
// package that is gone is named, and importing it again restores the file.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { samplePackageSpec, writePackage } from '../support/make-package.ts';
import { raadsmapIn } from '../support/spawn-cli.ts';
import { tempDir } from '../support/temp-dir.ts';

function flipByte(file: string): void {
  const bytes = fs.readFileSync(file);
  const at = Math.floor(bytes.length / 2);
  bytes[at] = bytes[at]! ^ 0xff;
  fs.writeFileSync(file, bytes);
}

async function importedSample() {
  const dataDir = tempDir();
  const { dir, manifest } = await writePackage(path.join(tempDir(), 'pakket'), samplePackageSpec());
  expect((await raadsmapIn(dataDir, ['import', dir])).code).toBe(0);
  const sha = manifest.documents.find((d) => d.title === 'Beslisnota Ontwikkelagenda')!.sha256;
  return { dataDir, dir, sha, stored: path.join(dataDir, 'files', sha.slice(0, 2), `${sha}.pdf`) };
}

describe('raadsmap doctor', () => {
  it('exits 1 while a stored PDF is damaged, names it in Dutch and English, and exits 0 after --repair', async () => {
    const { dataDir, dir, sha, stored } = await importedSample();
    flipByte(stored);
    const nl = await raadsmapIn(dataDir, ['doctor']);
    expect(nl.code).toBe(1);
    expect(nl.stdout).toContain(`PROBLEEM: PDF beschadigd (de inhoud klopt niet meer met sha256 ${sha.slice(0, 12)}…): "Beslisnota Ontwikkelagenda" (Raadsplein info/debat, 9 jan 2017).\n`);
    expect(nl.stdout).toContain('Herstel met: raadsmap doctor --repair');
    expect(nl.stderr).toContain('Bestanden controleren (3/3)');

    const en = await raadsmapIn(dataDir, ['--lang', 'en', 'doctor']);
    expect(en.code).toBe(1);
    expect(en.stdout).toContain(`PROBLEM: PDF damaged (its content no longer matches sha256 ${sha.slice(0, 12)}…): "Beslisnota Ontwikkelagenda" (Raadsplein info/debat, 9 Jan 2017).\n`);
    expect(en.stdout).toContain('Repair with: raadsmap doctor --repair');
    expect(en.stderr).toContain('Checking files (3/3)');

    const json = await raadsmapIn(dataDir, ['doctor', '--json']);
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toMatchObject({ ok: false, files: [{ sha256: sha, state: 'damaged', documents: [{ title: 'Beslisnota Ontwikkelagenda' }] }] });

    const repair = await raadsmapIn(dataDir, ['doctor', '--repair']);
    expect(repair.code, repair.stderr).toBe(0);
    expect(repair.stdout).toMatch(
      new RegExp(`HERSTELD: "Beslisnota Ontwikkelagenda" \\(Raadsplein info/debat, 9 jan 2017\\): Hersteld: opnieuw gekopieerd uit het pakket ${dir}\\. Het beschadigde bestand staat apart in files/quarantine/${sha}\\.[0-9T-]+\\.pdf\\.\nAlles in orde\\.\n$`),
    );
    expect(repair.stderr).toContain('Bestand 1/1 herstellen: Beslisnota Ontwikkelagenda');
    const after = await raadsmapIn(dataDir, ['doctor']);
    expect(after.code).toBe(0);
    expect(after.stdout).toMatch(/Alles in orde\.\n$/);
  }, 120_000);

  it('--repair without the package: says to import it again (exit 1); the import puts the file back (exit 0 after)', async () => {
    const { dataDir, dir, stored } = await importedSample();
    const moved = path.join(tempDir(), 'verplaatst');
    fs.renameSync(dir, moved);
    flipByte(stored);

    const repair = await raadsmapIn(dataDir, ['--lang', 'en', 'doctor', '--repair']);
    expect(repair.code).toBe(1);
    expect(repair.stdout).toMatch(
      /PROBLEM: PDF damaged .*: "Beslisnota Ontwikkelagenda" \(Raadsplein info\/debat, 9 Jan 2017\)\. Not repaired \(the package .* is no longer there\): import the package .*pakket again; that puts the file back\. The damaged file was moved to files\/quarantine\//,
    );
    expect(repair.stdout).not.toContain('Repair with:');
    const still = await raadsmapIn(dataDir, ['doctor']);
    expect(still.code).toBe(1);
    expect(still.stdout).toContain('PROBLEEM: PDF ontbreekt in de bestandsopslag');

    const reimport = await raadsmapIn(dataDir, ['import', moved]);
    expect(reimport.code, reimport.stderr).toBe(0);
    expect(reimport.stdout).toMatch(/Raadsplein info\/debat \(bijgewerkt, vergadering 1\): .* 1 ontbrekende bestanden teruggezet\./);
    const after = await raadsmapIn(dataDir, ['doctor']);
    expect(after.code).toBe(0);
    expect(after.stdout).toMatch(/Alles in orde\.\n$/);
  }, 120_000);
});
