/**
 * A zip archive of files stored as they are (no compression): enough to hand a reader one
 * download with a Markdown file per page, without a compression library in the extension.
 * Markdown compresses well, but notes are small and a download of a few megabytes is fine.
 *
 * Format: PKWARE APPNOTE.TXT, sections 4.3 (layout) and 4.4 (fields); names are UTF-8 (flag
 * bit 11). No ZIP64, so at most 65,535 files and 4 GiB, far beyond any library of notes.
 */

export interface ZipEntry {
  /** Path inside the archive, '/' between folders. */
  name: string;
  data: Uint8Array | string;
}

const encoder = new TextEncoder();

let crcTable: Uint32Array | undefined;

/** CRC-32 (the IEEE polynomial zip uses). */
export function crc32(bytes: Uint8Array): number {
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  let crc = 0xffffffff;
  for (const byte of bytes) crc = crcTable[(crc ^ byte) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

/**
 * `modified` as MS-DOS date and time (2-second steps, years 1980–2107), from its UTC fields:
 * zip has no time zone, and the same notes should give the same bytes on every machine.
 */
function dosTime(modified: Date): { time: number; date: number } {
  const year = Math.min(Math.max(modified.getUTCFullYear(), 1980), 2107);
  return {
    time: (modified.getUTCHours() << 11) | (modified.getUTCMinutes() << 5) | (modified.getUTCSeconds() >> 1),
    date: ((year - 1980) << 9) | ((modified.getUTCMonth() + 1) << 5) | modified.getUTCDate(),
  };
}

/** The archive of `entries`, each stamped `modified` (default: 1980-01-01, so output is stable). */
export function zip(entries: readonly ZipEntry[], modified = new Date(Date.UTC(1980, 0, 1))): Uint8Array {
  if (entries.length > 0xffff) throw new RangeError('A zip without ZIP64 holds at most 65,535 files.');
  const { time, date } = dosTime(modified);
  const files = entries.map((entry) => {
    const name = encoder.encode(entry.name);
    const data = typeof entry.data === 'string' ? encoder.encode(entry.data) : entry.data;
    return { name, data, crc: crc32(data) };
  });
  const size = files.reduce((sum, f) => sum + 30 + f.name.length + f.data.length + 46 + f.name.length, 22);
  if (size > 0xffffffff) throw new RangeError('A zip without ZIP64 holds at most 4 GiB.');
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  let at = 0;
  const u16 = (value: number) => {
    view.setUint16(at, value, true);
    at += 2;
  };
  const u32 = (value: number) => {
    view.setUint32(at, value, true);
    at += 4;
  };
  const bytes = (value: Uint8Array) => {
    out.set(value, at);
    at += value.length;
  };
  /** The fields a local header and a central directory record share, from "version needed". */
  const common = (f: (typeof files)[number]) => {
    u16(20); // version needed: 2.0
    u16(0x0800); // flags: names are UTF-8
    u16(0); // method: stored
    u16(time);
    u16(date);
    u32(f.crc);
    u32(f.data.length); // compressed size
    u32(f.data.length); // uncompressed size
    u16(f.name.length);
    u16(0); // extra field length
  };
  const offsets: number[] = [];
  for (const f of files) {
    offsets.push(at);
    u32(0x04034b50);
    common(f);
    bytes(f.name);
    bytes(f.data);
  }
  const directory = at;
  files.forEach((f, i) => {
    u32(0x02014b50);
    u16(0x031e); // made by: Unix, 3.0 (so unzip reads the mode below)
    common(f);
    u16(0); // comment length
    u16(0); // disk number
    u16(0); // internal attributes
    u32((0o100644 << 16) >>> 0); // external attributes: a regular file, rw-r--r--
    u32(offsets[i]!);
    bytes(f.name);
  });
  const directorySize = at - directory;
  u32(0x06054b50);
  u16(0); // this disk
  u16(0); // disk with the directory
  u16(files.length);
  u16(files.length);
  u32(directorySize);
  u32(directory);
  u16(0); // comment length
  return out;
}
