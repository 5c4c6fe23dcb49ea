/**
 * Draws the Teams app icons: color.png (192x192, full colour) and outline.png (32x32, white on transparent).
 * A shield with a tick: "your account, protected". Run once with `npm run icons`; the PNGs are committed.
 * Shapes are signed-distance style tests in a unit square, supersampled for smooth edges.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PNG } from 'pngjs';

type Rgba = readonly [number, number, number, number];
/** Returns the colour at a point of the unit square, or undefined for "nothing here". */
type Painter = (x: number, y: number) => Rgba | undefined;

const NHS_BLUE: Rgba = [0, 94, 184, 255];
const WHITE: Rgba = [255, 255, 255, 255];
const GREEN: Rgba = [0, 150, 57, 255];

/** The shield: flat-ish top, straight sides, sides curving in to a point at the bottom. */
export function insideShield(x: number, y: number, scale = 1): boolean {
  const cx = 0.5;
  const halfWidth = 0.3 * scale;
  const top = 0.5 - 0.36 * scale;
  const shoulder = 0.5 - 0.02 * scale;
  const bottom = 0.5 + 0.4 * scale;
  // The top edge dips gently towards the middle, like a heater shield.
  const topAt = top + 0.04 * scale * Math.cos(((x - cx) / halfWidth) * (Math.PI / 2));
  if (y < topAt || y > bottom) return false;
  if (y <= shoulder) return Math.abs(x - cx) <= halfWidth;
  const t = (y - shoulder) / (bottom - shoulder);
  return Math.abs(x - cx) <= halfWidth * (1 - t * t);
}

function distanceToSegment(px: number, py: number, ax: number, ay: number, bx: number, by: number): number {
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
}

/** The tick: two strokes with round ends, drawn at `scale` about the centre. */
export function onTick(px: number, py: number, width: number, scale = 1): boolean {
  const x = 0.5 + (px - 0.5) / scale;
  const y = 0.5 + (py - 0.5) / scale;
  width /= scale;
  const a = [0.35, 0.5] as const;
  const b = [0.46, 0.61] as const;
  const c = [0.66, 0.37] as const;
  return (
    distanceToSegment(x, y, a[0], a[1], b[0], b[1]) <= width / 2 ||
    distanceToSegment(x, y, b[0], b[1], c[0], c[1]) <= width / 2
  );
}

/** Full colour: NHS blue tile, white shield, green tick. */
export const colorPainter: Painter = (x, y) => {
  if (insideShield(x, y, 0.82)) return onTick(x, y, 0.085) ? GREEN : WHITE;
  return NHS_BLUE;
};

/** Outline: the shield's rim and the tick in white, everything else transparent. */
export const outlinePainter: Painter = (x, y) => {
  const rim = insideShield(x, y, 0.94) && !insideShield(x, y, 0.74);
  return rim || onTick(x, y, 0.1, 0.8) ? WHITE : undefined;
};

/** Renders a painter at size x size with n x n samples per pixel (straight alpha, colour averaged over hits). */
export function draw(size: number, paint: Painter, samples = 6): PNG {
  const png = new PNG({ width: size, height: size });
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      const sum = [0, 0, 0, 0];
      let hits = 0;
      for (let sy = 0; sy < samples; sy++) {
        for (let sx = 0; sx < samples; sx++) {
          const c = paint((px + (sx + 0.5) / samples) / size, (py + (sy + 0.5) / samples) / size);
          if (!c) continue;
          hits++;
          for (let i = 0; i < 4; i++) sum[i] += c[i];
        }
      }
      const o = (py * size + px) * 4;
      const coverage = hits / (samples * samples);
      for (let i = 0; i < 3; i++) png.data[o + i] = hits ? Math.round(sum[i] / hits) : 0;
      png.data[o + 3] = hits ? Math.round((sum[3] / hits) * coverage) : 0;
    }
  }
  return png;
}

export function writeIcons(dir: string): void {
  writeFileSync(join(dir, 'color.png'), PNG.sync.write(draw(192, colorPainter)));
  writeFileSync(join(dir, 'outline.png'), PNG.sync.write(draw(32, outlinePainter, 8)));
}

if (require.main === module) {
  writeIcons(__dirname);
  console.log(`Wrote ${join(__dirname, 'color.png')} and outline.png`);
}
