// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('../../src/shared/browser', async () => {
  const { englishMessage } = await import('../support/english');
  return { ext: { message: englishMessage } };
});

import { Toolbar, type ToolbarActions } from '../../src/content/toolbar';

function makeToolbar() {
  const actions: ToolbarActions = {
    highlight: vi.fn(),
    recolor: vi.fn(),
    remove: vi.fn(),
    undo: vi.fn(),
  };
  const controller = new AbortController();
  const toolbar = new Toolbar({ signal: controller.signal, actions, lastColor: () => 'yellow' });
  return { toolbar, actions, controller };
}

function rangeOverBody(): Range {
  document.body.innerHTML = '<p>Some passage of text.</p>';
  const range = document.createRange();
  range.selectNodeContents(document.body.firstChild!);
  return range;
}

// jsdom does no layout: ranges have no boxes, so give them an empty one.
Range.prototype.getClientRects ??= () => [] as unknown as DOMRectList;
Range.prototype.getBoundingClientRect ??= () => new DOMRect(10, 10, 100, 20);

describe('Toolbar', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => {
    vi.useRealTimers();
    for (const el of document.documentElement.querySelectorAll('marginalia-toolbar')) el.remove();
  });

  it('is in the page only while it shows something', () => {
    const { toolbar, controller } = makeToolbar();
    expect(document.querySelector('marginalia-toolbar')).toBeNull();
    toolbar.forSelection(rangeOverBody());
    expect(document.querySelector('marginalia-toolbar')).not.toBeNull();
    expect(toolbar.isForSelection).toBe(true);
    toolbar.hide();
    expect(document.querySelector('marginalia-toolbar')).toBeNull();
    controller.abort();
  });

  it('keeps Undo offered for at least 5 seconds after a delete, even when the reader clicks elsewhere', () => {
    const { toolbar, controller } = makeToolbar();
    toolbar.forHighlight({ id: 'abcdefgh-1', color: 'green' }, rangeOverBody());
    toolbar.offerUndo('abcdefgh-1');
    expect(toolbar.isOpen).toBe(true);
    vi.advanceTimersByTime(2_000);
    toolbar.hide(); // a click elsewhere
    expect(toolbar.isOpen).toBe(true);
    vi.advanceTimersByTime(3_000);
    expect(toolbar.isOpen).toBe(true);
    vi.advanceTimersByTime(3_100);
    expect(toolbar.isOpen).toBe(false);
    controller.abort();
  });

  it('keeps its host out of the page, and the page out of its controls (closed shadow root)', () => {
    const { toolbar, controller } = makeToolbar();
    toolbar.forSelection(rangeOverBody());
    const host = document.querySelector('marginalia-toolbar') as HTMLElement;
    expect(host.shadowRoot).toBeNull();
    expect(host.childElementCount).toBe(0);
    expect(host.getAttribute('style')).toContain('all: initial !important');
    controller.abort();
    expect(document.querySelector('marginalia-toolbar')).toBeNull();
  });
});
