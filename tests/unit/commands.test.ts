import { beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('../../src/shared/browser', () => import('./seam-mock'));

import { registerCommands, runCommand } from '../../src/background/commands';
import { ext, extWindows } from '../../src/shared/browser';

describe('keyboard command and context menu', () => {
  beforeEach(() => vi.clearAllMocks());

  it('the shortcut tells the tab it came from to highlight its selection', async () => {
    await runCommand('highlight-selection', 7);
    expect(ext.sendToTab).toHaveBeenCalledWith(7, {
      marginaliaEvent: 1,
      name: 'command',
      payload: { name: 'highlight-selection' },
    });
  });

  it('without a tab, the active tab is told', async () => {
    await runCommand('highlight-with-note', undefined);
    expect(ext.sendToTab).toHaveBeenCalledWith(
      42,
      expect.objectContaining({ payload: { name: 'highlight-with-note' } }),
    );
  });

  it('anything else is ignored', async () => {
    await runCommand('delete-everything', 7);
    expect(ext.sendToTab).not.toHaveBeenCalled();
  });

  it('offers "Highlight selection" and "Highlight with note" on a selection, wired to the same commands', async () => {
    registerCommands();
    expect(vi.mocked(ext.createMenu).mock.calls).toEqual([
      ['highlight-selection', 'Highlight selection'],
      ['highlight-with-note', 'Highlight with note'],
    ]);
    const onMenuClick = vi.mocked(ext.onMenuClick).mock.calls[0]![0];
    onMenuClick('highlight-with-note', 3);
    await vi.waitFor(() => expect(ext.sendToTab).toHaveBeenCalledWith(3, expect.objectContaining({ name: 'command' })));
  });

  it('offers "Open Marginalia’s side panel" on a page, a selection and the toolbar button; it and the shortcut open it in their window', () => {
    registerCommands();
    expect(vi.mocked(extWindows.createMenuFor).mock.calls).toEqual([
      ['open-side-panel', 'Open Marginalia’s side panel', ['page', 'selection', 'action']],
    ]);
    vi.mocked(extWindows.onMenuClickIn).mock.calls[0]![0]('open-side-panel', 3, 9);
    // At once, in the listener: the browsers open a side panel only in answer to the reader.
    expect(extWindows.openSidePanel).toHaveBeenCalledWith(9);
    vi.mocked(extWindows.onCommandIn).mock.calls[0]![0]('open-side-panel', 3, 11);
    expect(extWindows.openSidePanel).toHaveBeenLastCalledWith(11);
    vi.mocked(extWindows.onCommandIn).mock.calls[0]![0]('highlight-selection', 3, 11);
    expect(extWindows.openSidePanel).toHaveBeenCalledTimes(2);
  });
});
