import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { colorPainter, draw, outlinePainter } from '../../../manifest/draw-icons';

const read = (name: string) => PNG.sync.read(readFileSync(join(__dirname, '../../../manifest', name)));

function pixels(png: PNG): [number, number, number, number][] {
  const out: [number, number, number, number][] = [];
  for (let i = 0; i < png.data.length; i += 4)
    out.push([png.data[i], png.data[i + 1], png.data[i + 2], png.data[i + 3]]);
  return out;
}

describe('the app icons', () => {
  it('when color.png is read, then it is 192x192 and fully opaque (a full-colour tile)', () => {
    const png = read('color.png');
    expect([png.width, png.height]).toEqual([192, 192]);
    expect(pixels(png).every(([, , , a]) => a === 255)).toBe(true);
  });

  it('when color.png is read, then it uses several colours (the shield and tick stand out from the tile)', () => {
    const colours = new Set(pixels(read('color.png')).map(([r, g, b]) => `${r},${g},${b}`));
    expect(colours.has('0,94,184')).toBe(true);
    expect(colours.has('255,255,255')).toBe(true);
    expect(colours.has('0,150,57')).toBe(true);
  });

  it('when outline.png is read, then it is 32x32', () => {
    const png = read('outline.png');
    expect([png.width, png.height]).toEqual([32, 32]);
  });

  it('when outline.png is read, then every pixel is white or fully transparent', () => {
    const offenders = pixels(read('outline.png')).filter(
      ([r, g, b, a]) => a !== 0 && (r !== 255 || g !== 255 || b !== 255),
    );
    expect(offenders).toEqual([]);
  });

  it('when outline.png is read, then it has both a drawn shape and a transparent background', () => {
    const all = pixels(read('outline.png'));
    const opaque = all.filter(([, , , a]) => a === 255).length;
    const clear = all.filter(([, , , a]) => a === 0).length;
    expect(opaque).toBeGreaterThan(40);
    expect(clear).toBeGreaterThan(all.length / 2);
    expect(all[0][3]).toBe(0);
  });

  it('when the icons are drawn again from the code, then they match the committed files', () => {
    expect(
      PNG.sync
        .write(draw(192, colorPainter))
        .equals(readFileSync(join(__dirname, '../../../manifest/color.png'))),
    ).toBe(true);
    expect(
      PNG.sync
        .write(draw(32, outlinePainter, 8))
        .equals(readFileSync(join(__dirname, '../../../manifest/outline.png'))),
    ).toBe(true);
  });
});
