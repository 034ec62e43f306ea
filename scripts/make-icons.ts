// `npm run icons`: draws the app icon (a council document on a blue tile, an
// orange bookmark on it) into resources/build: icon.png (512 px, from which
// electron-builder makes the .icns and .ico) and icons/<n>x<n>.png for Linux.
// Drawn from shapes at each size with 4×4 supersampling; written by pngjs.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PNG } from 'pngjs';

type Rgba = readonly [number, number, number, number];

const TILE: Rgba = [31, 78, 121, 255];
const PAPER: Rgba = [255, 255, 255, 255];
const FOLD: Rgba = [205, 218, 232, 255];
const LINE: Rgba = [120, 144, 170, 255];
const MARK: Rgba = [242, 140, 40, 255];
const CLEAR: Rgba = [0, 0, 0, 0];

function inRoundedRect(x: number, y: number, left: number, top: number, right: number, bottom: number, radius: number): boolean {
  if (x < left || x > right || y < top || y > bottom) return false;
  const cx = Math.min(Math.max(x, left + radius), right - radius);
  const cy = Math.min(Math.max(y, top + radius), bottom - radius);
  return (x - cx) ** 2 + (y - cy) ** 2 <= radius ** 2;
}

/** The colour at (x, y) in the unit square, topmost shape first. */
function colourAt(x: number, y: number): Rgba {
  // Bookmark: a ribbon with a notch at the bottom.
  if (x >= 0.6 && x <= 0.72 && y >= 0.16 && y <= 0.46 && !(y > 0.4 && Math.abs(x - 0.66) < (y - 0.4) * 1.0)) return MARK;
  // Paper with a folded top-right corner.
  const inPaper = inRoundedRect(x, y, 0.26, 0.18, 0.74, 0.84, 0.02);
  const foldSize = 0.12;
  const beyondFold = x - 0.74 + foldSize > y - 0.18;
  if (inPaper && x > 0.74 - foldSize && y < 0.18 + foldSize) {
    if (beyondFold) return inRoundedRect(x, y, 0.08, 0.08, 0.92, 0.92, 0.18) ? TILE : CLEAR;
    return FOLD;
  }
  if (inPaper) {
    const lines = [0.4, 0.5, 0.6, 0.7];
    const lineEnds = [0.66, 0.66, 0.66, 0.52];
    for (const [i, ly] of lines.entries()) if (Math.abs(y - ly) < 0.018 && x > 0.34 && x < lineEnds[i]!) return LINE;
    return PAPER;
  }
  return inRoundedRect(x, y, 0.08, 0.08, 0.92, 0.92, 0.18) ? TILE : CLEAR;
}

export function drawIcon(size: number): PNG {
  const png = new PNG({ width: size, height: size });
  const samples = 4;
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      const sum = [0, 0, 0, 0];
      for (let sy = 0; sy < samples; sy++) {
        for (let sx = 0; sx < samples; sx++) {
          const c = colourAt((px + (sx + 0.5) / samples) / size, (py + (sy + 0.5) / samples) / size);
          // Premultiplied, so transparent samples do not darken the edge.
          for (let i = 0; i < 3; i++) sum[i]! += c[i]! * c[3];
          sum[3]! += c[3];
        }
      }
      const offset = (py * size + px) * 4;
      const alpha = sum[3]! / (samples * samples);
      for (let i = 0; i < 3; i++) png.data[offset + i] = sum[3]! === 0 ? 0 : Math.round(sum[i]! / sum[3]!);
      png.data[offset + 3] = Math.round(alpha);
    }
  }
  return png;
}

export const LINUX_ICON_SIZES = [16, 32, 48, 64, 128, 256, 512] as const;

export function writeIcons(buildDir: string): string[] {
  fs.mkdirSync(path.join(buildDir, 'icons'), { recursive: true });
  const written = [path.join(buildDir, 'icon.png')];
  fs.writeFileSync(written[0]!, PNG.sync.write(drawIcon(512)));
  for (const size of LINUX_ICON_SIZES) {
    const file = path.join(buildDir, 'icons', `${size}x${size}.png`);
    fs.writeFileSync(file, PNG.sync.write(drawIcon(size)));
    written.push(file);
  }
  return written;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const buildDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'resources', 'build');
  for (const file of writeIcons(buildDir)) console.log(path.relative(process.cwd(), file));
}
