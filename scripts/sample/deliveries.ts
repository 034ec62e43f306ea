// The bundled sample delivers one meeting twice: 23 januari 2017 again with a
// revised raadsvoorstel (its second version). What needs each meeting once,
// as first delivered (a sync fixture, relevance judgements made on the first
// text), takes the first package of each meeting.
import fs from 'node:fs';
import path from 'node:path';
import { PACKAGE_MANIFEST } from '../../shared/package-format.ts';

/** The package folders in `sampleDir`, sorted, the first of each meeting only. */
export function firstDeliveries(sampleDir: string): string[] {
  const folders = fs
    .readdirSync(sampleDir)
    .map((name) => path.join(sampleDir, name))
    .filter((dir) => fs.existsSync(path.join(dir, PACKAGE_MANIFEST)))
    .sort();
  const seen = new Set<string>();
  return folders.filter((dir) => {
    const { meeting } = JSON.parse(fs.readFileSync(path.join(dir, PACKAGE_MANIFEST), 'utf8')) as { meeting: { id: string } };
    if (seen.has(meeting.id)) return false;
    seen.add(meeting.id);
    return true;
  });
}
