import { describe, expect, it } from 'vitest';
import { FetchFailed, fetchPdf, NoFileAccess, readPdfFile, TooLarge } from '../../src/pdf/fetch-pdf';

describe('a PDF from disk', () => {
  it('chosen as a file: read whole within the limit, refused by its size over it (before reading)', async () => {
    const file = new Blob([new Uint8Array([37, 80, 68, 70]), new Uint8Array(96)]);
    expect((await readPdfFile(file, 100)).byteLength).toBe(100);
    const large = new Blob([new Uint8Array(101)]);
    // Reading it would succeed: the refusal comes from the size the File API reports.
    large.arrayBuffer = () => Promise.reject(new Error('read'));
    await expect(readPdfFile(large, 100)).rejects.toMatchObject({ name: 'TooLarge', bytes: 101, limit: 100 });
  });

  it('by its file: address without file access: refused as such, without trying to read it', async () => {
    const error = await fetchPdf('file:///home/reader/Downloads/paper.pdf', async () => false).catch((e) => e);
    expect(error).toBeInstanceOf(NoFileAccess);
    expect(error).not.toBeInstanceOf(FetchFailed);
    expect(error).not.toBeInstanceOf(TooLarge);
    // A failed check is no access either.
    await expect(fetchPdf('file:///paper.pdf', () => Promise.reject(new Error('no API')))).rejects.toBeInstanceOf(
      NoFileAccess,
    );
  });
});
