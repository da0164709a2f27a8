import { useEffect, useState } from 'preact/hooks';
import { onEvents } from '../shared/events';
import { send } from '../shared/messages';
import type { Annotation } from '../shared/types';
import { urlKey } from '../shared/url-key';
import { PageView } from './PageView';
import { targetUrl } from './target-url';

interface PageState {
  kind: 'page';
  url: string;
  title: string;
  annotations: Annotation[];
  orphans: string[] | null;
}

type State = { kind: 'loading' } | { kind: 'error'; message: string } | { kind: 'unsupported' } | PageState;

function applyChange(state: PageState, saved: Annotation[], deleted: string[]): PageState {
  const gone = new Set([...deleted, ...saved.map((a) => a.id)]);
  return { ...state, annotations: [...state.annotations.filter((a) => !gone.has(a.id)), ...saved] };
}

export function App({ search }: { search: string }) {
  const [state, setState] = useState<State>({ kind: 'loading' });

  useEffect(() => {
    let live = true;
    (async (): Promise<State> => {
      const target = await targetUrl(search);
      const key = target && urlKey(target.url);
      if (!target || !key) return { kind: 'unsupported' };
      const { page, annotations, orphans } = await send('page/get', { url: key });
      return { kind: 'page', url: key, title: page?.title || target.title, annotations, orphans };
    })()
      .catch((error: unknown): State => ({ kind: 'error', message: error instanceof Error ? error.message : String(error) }))
      .then((next) => live && setState(next));
    return () => {
      live = false;
    };
  }, [search]);

  // Follow what happens in the page (and in other views) while the popup is open.
  useEffect(
    () =>
      onEvents({
        'annotations/changed': ({ url, saved, deleted }) =>
          setState((s) => (s.kind === 'page' && s.url === url ? applyChange(s, saved, deleted) : s)),
        'page/status': ({ url, orphans }) => setState((s) => (s.kind === 'page' && s.url === url ? { ...s, orphans } : s)),
      }),
    [],
  );

  switch (state.kind) {
    case 'loading':
      return <p class="status" role="status">Loading…</p>;
    case 'error':
      return <p class="status error" role="alert">Marginalia could not load this page’s notes: {state.message}</p>;
    case 'unsupported':
      return <p class="status">Marginalia works on web pages (http and https). Open an article to highlight it.</p>;
    case 'page':
      return <PageView url={state.url} title={state.title} annotations={state.annotations} orphans={state.orphans} />;
  }
}
