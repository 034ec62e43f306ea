import { describe, expect, it } from 'vitest';
import { measureBombImport, writeBombPackage } from '../../bench/lib/bomb-import.ts';
import { tempDir } from '../support/temp-dir.ts';

// The measured case of issue 23: a package with a 2 GiB decompression bomb
// (a 5 KB PDF), and one with two, imported through the core in a process of
// their own with two extraction threads (both bombs read at once). Refused
// in < 10 s with the process's RSS under 600 MB, naming the document, and
// nothing stored. `npm run bench:bombs` prints the same figures.

describe('a 2 GiB decompression bomb in a package', () => {
  for (const bombs of [1, 2]) {
    it(`is refused within 10 s and 600 MB, ${bombs === 1 ? 'alone' : 'two at once'}`, async () => {
      const packageDir = await writeBombPackage(tempDir(), bombs);
      const result = await measureBombImport(packageDir, tempDir(), 2);
      console.log(`${bombs} bomb(s): refused after ${result.ms} ms, peak RSS ${result.peakRssMb} MB (${result.peakFrom}), ${result.startRssMb} MB at the start`);
      expect(result.outcome).toMatchObject({
        ok: false,
        code: 'pdf.decoded-too-large',
        nl: expect.stringMatching(/^Document "(Beslisnota Ontwikkelagenda|Advies Participatieraad)" \(pdf\/doc-[a-z]+\.pdf\): Het document pakt uit tot meer dan 64 MB/),
        en: expect.stringMatching(/unpacks to more than 64 MB/),
      });
      expect(result.ms).toBeLessThan(10_000);
      expect(result.peakRssMb).toBeLessThan(600);
      expect(result).toMatchObject({ meetingsAfter: 0, doctorOk: true });
    }, 60_000);
  }
});
