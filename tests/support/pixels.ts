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
  let offset = 8;
  let width = 0;
  let depth = 0;
  let type = 0;
  const data: Buffer[] = [];
  while (offset < png.length) {
    const length = png.readUInt32BE(offset);
    const name = png.toString('latin1', offset + 4, offset + 8);
    const body = png.subarray(offset + 8, offset + 8 + length);
    if (name === 'IHDR') {
      width = body.readUInt32BE(0);
      depth = body[8]!;
      type = body[9]!;
    } else if (name === 'IDAT') data.push(body);
    offset += 12 + length;
  }
  const channels = type === 6 ? 4 : type === 2 ? 3 : 0;
  if (depth !== 8 || channels === 0) throw new Error(`unexpected PNG: depth ${depth}, colour type ${type}`);
  // The first pixel of the first row: its filter can only refer to the bytes before it, none.
  const raw = inflateSync(Buffer.concat(data));
  if (width < 1 || raw[0]! > 4) throw new Error('unexpected PNG data');
  return [raw[1]!, raw[2]!, raw[3]!];
}

/** Whether two colours are the same to within `tolerance` on each channel. */
export const near = (a: Rgb, b: Rgb, tolerance = 12): boolean => a.every((v, i) => Math.abs(v - b[i]!) <= tolerance);

export const hex = (c: Rgb): string => `#${c.map((v) => v.toString(16).padStart(2, '0')).join('')}`;
