import { inflateSync } from 'node:zlib';
import type { Page } from 'puppeteer-core';

export type Rgb = [number, number, number];

/**
 * The colour the browser drew at (x, y) in the viewport, from a real screenshot: what the
 * reader sees there, whatever the page's DOM says. (A small PNG reader: 8-bit RGB or RGBA,
 * as both browsers write them.)
 */
export async function pixelAt(page: Page, x: number, y: number): Promise<Rgb> {
  const png = Buffer.from(
    await page.screenshot({ clip: { x: Math.round(x), y: Math.round(y), width: 1, height: 1 }, encoding: 'binary' }),
  );
  return pixelOf(png, 0, 0);
}

/** Whether two colours are the same to within `tolerance` on each channel. */
export const near = (a: Rgb, b: Rgb, tolerance = 12): boolean => a.every((v, i) => Math.abs(v - b[i]!) <= tolerance);

export const hex = (c: Rgb): string => `#${c.map((v) => v.toString(16).padStart(2, '0')).join('')}`;

/**
 * The colour drawn at (x, y) in the viewport (CSS px at device scale 1), from a screenshot of
 * the whole viewport. Slower than pixelAt, but it needs no clip: in Chromium, a clipped
 * capture does not always include what an extension's frame drew (seen with the margin notes'
 * frame), and a clip is in document coordinates, not the viewport's, once the page scrolled.
 */
export async function viewportPixelAt(page: Page, x: number, y: number): Promise<Rgb> {
  const png = Buffer.from(await page.screenshot({ encoding: 'binary' }));
  return pixelOf(png, x, y);
}

/** The colour at (x, y) of an 8-bit, non-interlaced RGB or RGBA PNG. */
function pixelOf(png: Buffer, x: number, y: number): Rgb {
  let offset = 8;
  let width = 0;
  let type = 0;
  const data: Buffer[] = [];
  while (offset < png.length) {
    const length = png.readUInt32BE(offset);
    const name = png.toString('latin1', offset + 4, offset + 8);
    const body = png.subarray(offset + 8, offset + 8 + length);
    if (name === 'IHDR') {
      width = body.readUInt32BE(0);
      if (body[8] !== 8 || body[12] !== 0) throw new Error('unexpected PNG: not 8-bit, or interlaced');
      type = body[9]!;
    } else if (name === 'IDAT') data.push(body);
    offset += 12 + length;
  }
  const bpp = type === 6 ? 4 : type === 2 ? 3 : 0;
  if (bpp === 0) throw new Error(`unexpected PNG colour type ${type}`);
  const raw = inflateSync(Buffer.concat(data));
  const stride = width * bpp;
  const row = Math.round(y);
  // Undo the PNG row filters from the top down to the wanted row (each row may refer to the one above).
  let previous = Buffer.alloc(stride);
  let current = Buffer.alloc(stride);
  for (let r = 0; r <= row; r++) {
    const start = r * (stride + 1);
    const filter = raw[start]!;
    for (let i = 0; i < stride; i++) {
      const value = raw[start + 1 + i]!;
      const left = i >= bpp ? current[i - bpp]! : 0;
      const up = previous[i]!;
      const upLeft = i >= bpp ? previous[i - bpp]! : 0;
      let predicted = 0;
      if (filter === 1) predicted = left;
      else if (filter === 2) predicted = up;
      else if (filter === 3) predicted = (left + up) >> 1;
      else if (filter === 4) {
        const p = left + up - upLeft;
        const [pa, pb, pc] = [Math.abs(p - left), Math.abs(p - up), Math.abs(p - upLeft)];
        predicted = pa <= pb && pa <= pc ? left : pb <= pc ? up : upLeft;
      }
      current[i] = (value + predicted) & 0xff;
    }
    [previous, current] = [current, previous];
  }
  const at = Math.round(x) * bpp;
  return [previous[at]!, previous[at + 1]!, previous[at + 2]!];
}
