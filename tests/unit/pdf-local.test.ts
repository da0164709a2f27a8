import { beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('../../src/shared/browser', () => import('./seam-mock'));

import { allowOriginal, openLocalPdf } from '../../src/background/pdf-open';
import { ext, extPages } from '../../src/shared/browser';
import { OPTIONS_KEY } from '../../src/shared/options';

const FILE = 'file:///home/reader/Downloads/paper.pdf';
const READER = `chrome-extension://ext-id/pdf.html?file=${encodeURIComponent(FILE)}`;

let session: Record<string, unknown>;
let stored: Record<string, unknown>;
beforeEach(() => {
  session = {};
  stored = {};
  vi.mocked(ext.getSession).mockImplementation(async (key) => session[key]);
  vi.mocked(ext.setSession).mockImplementation(async (values) => void Object.assign(session, values));
  vi.mocked(ext.getStored).mockImplementation(async (key) => stored[key]);
  vi.mocked(extPages.navigateTab).mockClear();
});

describe('a local PDF in the browser’s viewer (its content script asks)', () => {
  it('goes to the reader in its own tab', async () => {
    expect(await openLocalPdf({ url: FILE, tab: { id: 7 } })).toBe(true);
    expect(extPages.navigateTab).toHaveBeenCalledWith(7, READER);
  });

  it('stays in the browser’s viewer when automatic opening is off, in a private window, or for a web address', async () => {
    expect(await openLocalPdf({ url: FILE, tab: { id: 7, incognito: true } })).toBe(false);
    expect(await openLocalPdf({ url: 'https://a.example/paper.pdf', tab: { id: 7 } })).toBe(false);
    stored[OPTIONS_KEY] = { openPdfs: false };
    expect(await openLocalPdf({ url: FILE, tab: { id: 7 } })).toBe(false);
    expect(extPages.navigateTab).not.toHaveBeenCalled();
  });

  it('stays there after the reader’s “Open in the browser’s viewer”, in that tab only', async () => {
    await allowOriginal(`${FILE}#page=3`, 7);
    expect(await openLocalPdf({ url: FILE, tab: { id: 7 } })).toBe(false);
    expect(await openLocalPdf({ url: FILE, tab: { id: 8 } })).toBe(true);
    expect(await openLocalPdf({ url: 'file:///home/reader/other.pdf', tab: { id: 7 } })).toBe(true);
    expect(extPages.navigateTab).toHaveBeenCalledTimes(2);
  });
});
