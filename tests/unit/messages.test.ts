import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('../../src/shared/browser', () => import('./seam-mock'));

import { ext, type MessageListener, type Sender } from '../../src/shared/browser';
import { dispatch, type Handlers, handle, MessageError, originOf, send } from '../../src/shared/messages';
import type { Annotation } from '../../src/shared/types';
import { makeAnnotation } from './make-annotation';

const fromTab: Sender = { id: 'ext-id', url: 'https://a.example/x', tab: { id: 1 } };
const fromPopup: Sender = { id: 'ext-id', url: 'chrome-extension://ext-id/popup.html' };

function envelope(name: string, req: unknown) {
  return { marginalia: 1 as const, name, req };
}

const SYNC_OFF = {
  state: 'off' as const,
  pending: 0,
  lastSyncedAt: null,
  message: null,
  server: null,
  database: null,
};

function stubHandlers() {
  return {
    'annotations/list': vi.fn(async (): Promise<Annotation[]> => [makeAnnotation()]),
    'annotations/get': vi.fn(async () => ({ annotation: null })),
    'annotations/save': vi.fn(async () => ({ savedAt: '2025-01-01T00:00:00.000Z' })),
    'annotations/delete': vi.fn(async () => ({ deleted: null })),
    'annotations/patch': vi.fn(async () => ({ annotation: null })),
    'page/get': vi.fn(async () => ({ page: null, annotations: [], orphans: null, alias: null })),
    'page/status': vi.fn(async () => ({})),
    'page/note': vi.fn(async () => ({
      page: { url: 'https://a.example/x', title: '', note: '', count: 0, updatedAt: '2025-01-01T00:00:00.000Z' },
    })),
    'library/pages': vi.fn(async () => ({ pages: [] })),
    'library/search': vi.fn(async () => ({ hits: [], total: 0 })),
    'library/tags': vi.fn(async () => ({ tags: [] })),
    'library/everything': vi.fn(async () => ({ pages: [], annotations: [] })),
    'library/import': vi.fn(async () => ({ added: 0, updated: 0, unchanged: 0 })),
    'tab/jump': vi.fn(async () => ({ found: false })),
    'tab/reattach': vi.fn(async () => ({ ok: false })),
    'sync/status': vi.fn(async () => SYNC_OFF),
    'sync/test': vi.fn(async () => ({ ok: true, code: 'ok' as const, message: '' })),
    'sync/enable': vi.fn(async () => SYNC_OFF),
    'sync/now': vi.fn(async () => SYNC_OFF),
    'sync/disable': vi.fn(async () => SYNC_OFF),
    'tab/page': vi.fn(async () => ({ url: null, loading: false })),
    'review/today': vi.fn(async () => ({ cards: [], reviewed: 0, total: 0 })),
    'review/mark': vi.fn(async () => ({ annotation: null })),
    'pdf/open': vi.fn(async () => ({ annotations: [], page: null })),
    'pdf/shown': vi.fn(async () => ({ key: null, source: null, title: '' })),
    'pdf/original': vi.fn(async () => ({})),
    'pdf/local': vi.fn(async () => ({ opened: false })),
  } satisfies Handlers;
}

let handlers: ReturnType<typeof stubHandlers>;
beforeEach(() => {
  handlers = stubHandlers();
});
afterEach(() => {
  vi.restoreAllMocks();
});

function noHandlerCalled(): void {
  for (const handler of Object.values(handlers)) expect(handler).not.toHaveBeenCalled();
}

describe('dispatch: which messages reach a handler', () => {
  it('routes a valid message to its handler, with the sender’s origin, and wraps the answer', async () => {
    const reply = await dispatch(handlers, envelope('annotations/list', { url: 'https://a.example/x' }), fromTab);
    expect(reply).toEqual({ ok: true, value: [makeAnnotation()] });
    expect(handlers['annotations/list']).toHaveBeenCalledTimes(1);
    expect(handlers['annotations/list']).toHaveBeenCalledWith(
      { url: 'https://a.example/x' },
      { ...fromTab, origin: 'tab' },
    );
  });

  it('refuses an unknown message name as invalid', async () => {
    const reply = await dispatch(handlers, envelope('annotations/purge', {}), fromPopup);
    expect(reply).toEqual({ ok: false, error: { code: 'invalid', message: 'Unknown message annotations/purge' } });
    noHandlerCalled();
  });

  it.each(['__proto__', 'toString', 'constructor', 'hasOwnProperty'])(
    'does not take the inherited property %s for a message name',
    async (name) => {
      const reply = await dispatch(handlers, envelope(name, {}), fromPopup);
      expect(reply).toMatchObject({ ok: false, error: { code: 'invalid' } });
    },
  );

  it('quotes at most 64 characters of an unknown name back', async () => {
    const reply = await dispatch(handlers, envelope('x'.repeat(10_000), {}), fromPopup);
    expect(reply).toEqual({ ok: false, error: { code: 'invalid', message: `Unknown message ${'x'.repeat(64)}` } });
  });

  it('refuses a malformed request as invalid, naming the message and the field', async () => {
    const reply = await dispatch(
      handlers,
      envelope('annotations/list', { url: 'ftp://a.example/etc/passwd' }),
      fromTab,
    );
    expect(reply).toEqual({
      ok: false,
      error: { code: 'invalid', message: 'annotations/list: url: expected an http(s) or file URL' },
    });
    noHandlerCalled();
  });

  it('names the nested field of a malformed annotation', async () => {
    const annotation = { ...makeAnnotation(), color: 'red' };
    const reply = await dispatch(handlers, envelope('annotations/save', { annotation, title: 'T' }), fromTab);
    expect(reply).toEqual({
      ok: false,
      error: { code: 'invalid', message: 'annotations/save: annotation: color: unknown colour' },
    });
    noHandlerCalled();
  });

  it('refuses a request that is not an object', async () => {
    const reply = await dispatch(handlers, envelope('annotations/delete', null), fromTab);
    expect(reply).toEqual({ ok: false, error: { code: 'invalid', message: 'annotations/delete: expected an object' } });
  });

  it('refuses a message from another extension as forbidden', async () => {
    const stranger: Sender = { id: 'other-extension', url: 'chrome-extension://other-extension/bg.html' };
    const reply = await dispatch(handlers, envelope('annotations/list', { url: 'https://a.example/x' }), stranger);
    expect(reply).toEqual({
      ok: false,
      error: { code: 'forbidden', message: 'annotations/list is not allowed from here' },
    });
    noHandlerCalled();
  });

  it('refuses a sender without an id as forbidden', async () => {
    const reply = await dispatch(handlers, envelope('annotations/list', { url: 'https://a.example/x' }), {
      url: 'https://a.example/x',
      tab: { id: 1 },
    });
    expect(reply).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  it('tells a forbidden sender nothing about what a well-formed request looks like', async () => {
    const reply = await dispatch(handlers, envelope('annotations/list', { url: 42 }), { id: 'other-extension' });
    expect(reply).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  it('refuses the PDF reader’s messages from a content script: a web page never reaches a PDF’s notes that way', async () => {
    const key = 'urn:x-pdf:0123456789abcdef0123456789abcdef';
    for (const [name, req] of [
      ['pdf/open', { key, source: 'https://a.example/paper.pdf' }],
      ['pdf/shown', { tabId: 1 }],
      ['pdf/original', { url: 'https://a.example/paper.pdf' }],
    ] as const) {
      const reply = await dispatch(handlers, envelope(name, req), fromTab);
      expect(reply).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
    noHandlerCalled();
  });

  it('takes pdf/local (open this local PDF in the reader) from a tab only, never from our own pages', async () => {
    const local: Sender = { id: 'ext-id', url: 'file:///home/reader/paper.pdf', tab: { id: 3 } };
    expect(await dispatch(handlers, envelope('pdf/local', {}), local)).toEqual({ ok: true, value: { opened: false } });
    expect(handlers['pdf/local']).toHaveBeenCalledWith({}, { ...local, origin: 'tab' });
    const reply = await dispatch(handlers, envelope('pdf/local', {}), fromPopup);
    expect(reply).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  it('answers pdf/open from the reader, and refuses a key that is not a PDF fingerprint', async () => {
    const ok = await dispatch(
      handlers,
      envelope('pdf/open', { key: 'urn:x-pdf:0123456789abcdef', source: 'https://a.example/p.pdf' }),
      fromPopup,
    );
    expect(ok).toEqual({ ok: true, value: { annotations: [], page: null } });
    const bad = await dispatch(
      handlers,
      envelope('pdf/open', { key: 'https://a.example/p.pdf', source: null }),
      fromPopup,
    );
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid' } });
    const badSource = await dispatch(
      handlers,
      envelope('pdf/open', { key: 'urn:x-pdf:0123', source: 'urn:x-pdf:0123' }),
      fromPopup,
    );
    expect(badSource).toMatchObject({ ok: false, error: { code: 'invalid' } });
  });

  it('refuses page/get from a content script: only our own pages may read a page’s notes that way', async () => {
    const reply = await dispatch(handlers, envelope('page/get', { url: 'https://a.example/x' }), fromTab);
    expect(reply).toEqual({ ok: false, error: { code: 'forbidden', message: 'page/get is not allowed from here' } });
    expect(handlers['page/get']).not.toHaveBeenCalled();
  });

  it('answers page/get from the popup', async () => {
    const reply = await dispatch(handlers, envelope('page/get', { url: 'https://a.example/x' }), fromPopup);
    expect(reply).toEqual({ ok: true, value: { page: null, annotations: [], orphans: null, alias: null } });
    expect(handlers['page/get']).toHaveBeenCalledWith(
      { url: 'https://a.example/x' },
      { ...fromPopup, origin: 'extension' },
    );
  });

  it('passes a handler’s own error code through', async () => {
    handlers['annotations/delete'].mockRejectedValueOnce(new MessageError('not-found', 'No such annotation'));
    const reply = await dispatch(handlers, envelope('annotations/delete', { id: 'abcdefgh-1' }), fromTab);
    expect(reply).toEqual({ ok: false, error: { code: 'not-found', message: 'No such annotation' } });
  });

  it('turns an unexpected failure into an internal error instead of throwing', async () => {
    const log = vi.spyOn(console, 'error').mockImplementation(() => {});
    handlers['annotations/delete'].mockRejectedValueOnce(new TypeError('boom'));
    const reply = await dispatch(handlers, envelope('annotations/delete', { id: 'abcdefgh-1' }), fromTab);
    expect(reply).toEqual({ ok: false, error: { code: 'internal', message: 'boom' } });
    expect(log).toHaveBeenCalledTimes(1);
  });
});

describe('originOf', () => {
  it('tells our own pages from content scripts in web pages', () => {
    expect(originOf(fromPopup)).toBe('extension');
    expect(originOf(fromTab)).toBe('tab');
  });

  it('takes a local file’s tab as a page (the reader allowed file access), each file its own site', () => {
    expect(originOf({ id: 'ext-id', url: 'file:///home/me/a.html', tab: { id: 1 } })).toBe('tab');
    expect(originOf({ id: 'ext-id', url: 'file:///home/me/a.html' })).toBeUndefined();
  });

  it('knows no origin for a content script in a non-web page, or a web URL without a tab', () => {
    expect(originOf({ id: 'ext-id', url: 'chrome://settings/', tab: { id: 1 } })).toBeUndefined();
    expect(originOf({ id: 'ext-id', url: 'data:text/html,hi', tab: { id: 1 } })).toBeUndefined();
    expect(originOf({ id: 'ext-id', url: 'https://a.example/x' })).toBeUndefined();
    expect(originOf({ id: 'ext-id' })).toBeUndefined();
  });

  it('does not accept another extension’s page that merely shares our id as a URL prefix', () => {
    expect(originOf({ id: 'ext-id', url: 'chrome-extension://ext-id-evil/popup.html' })).toBeUndefined();
  });
});

describe('send: the caller’s side', () => {
  it('wraps the request in an envelope and returns the value of a successful reply', async () => {
    vi.mocked(ext.sendMessage).mockResolvedValueOnce({ ok: true, value: [] });
    await expect(send('annotations/list', { url: 'https://a.example/x' })).resolves.toEqual([]);
    expect(ext.sendMessage).toHaveBeenLastCalledWith({
      marginalia: 1,
      name: 'annotations/list',
      req: { url: 'https://a.example/x' },
    });
  });

  it('throws a MessageError carrying the error code of a failed reply', async () => {
    vi.mocked(ext.sendMessage).mockResolvedValueOnce({ ok: false, error: { code: 'forbidden', message: 'nope' } });
    const failure = send('annotations/delete', { id: 'abcdefgh-1' });
    await expect(failure).rejects.toBeInstanceOf(MessageError);
    await expect(failure).rejects.toMatchObject({ code: 'forbidden', message: 'nope' });
  });

  it('throws an internal error when nobody answers', async () => {
    vi.mocked(ext.sendMessage).mockResolvedValueOnce(undefined);
    await expect(send('page/get', { url: 'https://a.example/x' })).rejects.toMatchObject({
      code: 'internal',
      message: 'No answer to page/get',
    });
  });
});

describe('handle: the background’s listener', () => {
  function listen(): MessageListener {
    const unsubscribe = () => {};
    vi.mocked(ext.onMessage).mockReturnValueOnce(unsubscribe);
    expect(handle(handlers)).toBe(unsubscribe);
    const listener = vi.mocked(ext.onMessage).mock.lastCall?.[0];
    if (!listener) throw new Error('handle() registered no listener');
    return listener;
  }

  it('answers our envelopes', async () => {
    const listener = listen();
    await expect(listener(envelope('annotations/list', { url: 'https://a.example/x' }), fromTab)).resolves.toEqual({
      ok: true,
      value: [makeAnnotation()],
    });
  });

  it('leaves other messages unanswered so other listeners can reply', () => {
    const listener = listen();
    expect(listener({ name: 'annotations/list', req: { url: 'https://a.example/x' } }, fromTab)).toBeUndefined();
    expect(listener('ping', fromTab)).toBeUndefined();
    expect(listener(null, fromTab)).toBeUndefined();
    noHandlerCalled();
  });
});
