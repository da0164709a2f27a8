import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { pageMarkdown } from '../../src/shared/markdown';
import { markdownZip } from '../../src/shared/markdown-zip';
import { crc32, zip } from '../../src/shared/zip';
import { makeAnnotation } from './make-annotation';

const text = (files: Record<string, Uint8Array>) =>
  Object.fromEntries(Object.entries(files).map(([name, bytes]) => [name, strFromU8(bytes)]));

describe('zip: files stored in an archive', () => {
  it('unzips (with another library) to the same names and bytes, UTF-8 names included', () => {
    const binary = Uint8Array.from({ length: 300 }, (_, i) => (i * 7) & 0xff);
    const archive = zip([
      { name: 'notes.md', data: '# Notes\n' },
      { name: '東京-日記.md', data: 'Текст 😀\n' },
      { name: 'folder/empty.txt', data: '' },
      { name: 'bytes.bin', data: binary },
    ]);
    const files = unzipSync(archive);
    expect(Object.keys(files)).toEqual(['notes.md', '東京-日記.md', 'folder/empty.txt', 'bytes.bin']);
    expect(strFromU8(files['東京-日記.md']!)).toBe('Текст 😀\n');
    expect(files['bytes.bin']).toEqual(binary);
    expect(files['folder/empty.txt']).toEqual(new Uint8Array(0));
  });

  it('is an empty archive for no files', () => {
    expect(unzipSync(zip([]))).toEqual({});
  });

  it('checks each file with the standard CRC-32', () => {
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
    const archive = zip([{ name: 'a', data: '123456789' }]);
    expect(new DataView(archive.buffer).getUint32(14, true)).toBe(0xcbf43926);
  });
});

describe('markdownZip: a Markdown file per page', () => {
  const exportedAt = '2025-03-04T05:06:08.000Z';
  const pages = [
    {
      page: { title: 'Notes', url: 'https://a.example/1' },
      annotations: [makeAnnotation({ quote: 'One.', start: 0 })],
    },
    { page: { title: 'notes', url: 'https://a.example/2' }, annotations: [] },
  ];

  it('holds each page’s Markdown under its own name, the same bytes every time', () => {
    const archive = markdownZip(pages, { exportedAt });
    expect(text(unzipSync(archive))).toEqual({
      'notes.md': pageMarkdown(pages[0]!.page, pages[0]!.annotations, { exportedAt }),
      'notes-2.md': pageMarkdown(pages[1]!.page, [], { exportedAt }),
    });
    expect(markdownZip(pages, { exportedAt })).toEqual(archive);
  });
});
