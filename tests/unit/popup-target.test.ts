import { beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('../../src/shared/browser', () => import('./seam-mock'));

import { panelTargetUrl, targetOf, targetUrl } from '../../src/popup/target-url';
import { ext } from '../../src/shared/browser';

const PAGE = 'https://essays.example/bees?id=1';

describe('the popup’s page in a private window', () => {
  beforeEach(() => {
    vi.mocked(ext.getStored).mockReset().mockResolvedValue(undefined);
    vi.mocked(ext.activeTab).mockReset();
  });

  it('by default a private tab’s page is neither shown nor written to: the popup says why', async () => {
    vi.mocked(ext.activeTab).mockResolvedValue({ id: 3, url: PAGE, title: 'Bees', incognito: true });
    expect(await targetUrl('')).toBe('private');
  });

  it('when the reader chose to keep highlights in private windows, the popup is about the private tab’s page', async () => {
    vi.mocked(ext.getStored).mockResolvedValue({ privateWindows: 'keep' });
    vi.mocked(ext.activeTab).mockResolvedValue({ id: 3, url: PAGE, title: 'Bees', incognito: true });
    expect(await targetUrl('')).toEqual({ url: PAGE, title: 'Bees', tabId: 3 });
  });

  it('a normal tab, and the popup opened as a page (?url=), are about their page', async () => {
    vi.mocked(ext.activeTab).mockResolvedValue({ id: 4, url: PAGE, title: 'Bees', incognito: false });
    expect(await targetUrl('')).toEqual({ url: PAGE, title: 'Bees', tabId: 4 });
    expect(await targetUrl(`?url=${encodeURIComponent(PAGE)}`)).toEqual({ url: PAGE, title: '' });
  });

  it('over Marginalia’s PDF reader, the popup is about the PDF it shows, by its fingerprint', async () => {
    const key = 'urn:x-pdf:0123456789abcdef';
    vi.mocked(ext.activeTab).mockResolvedValue({
      id: 5,
      url: 'chrome-extension://ext-id/pdf.html?file=https%3A%2F%2Fa.example%2Fp.pdf',
      title: 'A paper',
    });
    vi.mocked(ext.sendMessage).mockImplementation(async (message) => {
      const { name, req } = message as { name: string; req: { tabId: number } };
      expect([name, req]).toEqual(['pdf/shown', { tabId: 5 }]);
      return { ok: true, value: { key, source: 'https://a.example/p.pdf', title: 'A paper' } };
    });
    expect(await targetUrl('')).toEqual({ url: key, title: 'A paper' });
  });
});

describe('the side panel’s page', () => {
  beforeEach(() => {
    vi.mocked(ext.getStored).mockReset().mockResolvedValue(undefined);
    vi.mocked(ext.activeTab).mockReset();
    vi.mocked(ext.sendMessage).mockReset();
  });

  const backgroundSays = (value: { url: string | null; loading: boolean }) =>
    vi.mocked(ext.sendMessage).mockResolvedValue({ ok: true, value });

  it('the same private-window rule as the popup: nothing of a private tab, unless the reader chose to keep it', async () => {
    backgroundSays({ url: PAGE, loading: false });
    vi.mocked(ext.activeTab).mockResolvedValue({ id: 3, incognito: true });
    expect((await panelTargetUrl()).found).toBe('private');
    expect(ext.sendMessage).not.toHaveBeenCalled();
    vi.mocked(ext.getStored).mockResolvedValue({ privateWindows: 'keep' });
    expect((await panelTargetUrl()).found).toEqual({ url: PAGE, title: '' });
  });

  it('is the page the tab’s content script named (no tabs permission needed), loading while it loads', async () => {
    vi.mocked(ext.activeTab).mockResolvedValue({ id: 5, incognito: false });
    backgroundSays({ url: PAGE, loading: false });
    expect(await panelTargetUrl()).toEqual({ tabId: 5, found: { url: PAGE, title: '' } });
    expect(ext.sendMessage).toHaveBeenCalledWith(expect.objectContaining({ name: 'tab/page', req: { tabId: 5 } }));
    backgroundSays({ url: null, loading: true });
    expect(targetOf((await panelTargetUrl()).found)).toEqual({ kind: 'loading' });
    backgroundSays({ url: null, loading: false });
    expect(targetOf((await panelTargetUrl()).found)).toEqual({ kind: 'none' });
  });

  it('over Marginalia’s PDF reader, the PDF it shows: as its tab registered it, or as it last said', async () => {
    const key = 'urn:x-pdf:0123456789abcdef';
    const reader = 'chrome-extension://ext-id/pdf.html?file=https%3A%2F%2Fa.example%2Fp.pdf';
    vi.mocked(ext.activeTab).mockResolvedValue({ id: 6, url: reader, title: 'A paper', incognito: false });
    backgroundSays({ url: key, loading: false });
    expect(await panelTargetUrl()).toEqual({ tabId: 6, found: { url: key, title: 'A paper' } });
    expect(targetOf((await panelTargetUrl()).found)).toEqual({ kind: 'page', url: key, title: 'A paper' });
    // Not registered (yet): the reader's own word, as the popup asks it.
    vi.mocked(ext.sendMessage).mockImplementation(async (message) => {
      const { name } = message as { name: string };
      if (name === 'tab/page') return { ok: true, value: { url: null, loading: false } };
      return { ok: true, value: { key, source: 'https://a.example/p.pdf', title: 'Moby Dick' } };
    });
    expect(await panelTargetUrl()).toEqual({ tabId: 6, found: { url: key, title: 'Moby Dick' } });
  });
});
