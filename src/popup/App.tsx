import { useEffect, useState } from 'preact/hooks';
import { send } from '../shared/messages';
import type { Annotation } from '../shared/types';
import { urlKey } from '../shared/url-key';
import { PageView } from './PageView';
import { targetUrl } from './target-url';

type State =
  | { kind: 'loading' }
  | { kind: 'error'; message: string }
  | { kind: 'unsupported' }
  | { kind: 'page'; url: string; title: string; annotations: Annotation[] };

export function App({ search }: { search: string }) {
  const [state, setState] = useState<State>({ kind: 'loading' });
  useEffect(() => {
    let live = true;
    (async (): Promise<State> => {
      const target = await targetUrl(search);
      const key = target && urlKey(target.url);
      if (!target || !key) return { kind: 'unsupported' };
      const { page, annotations } = await send('page/get', { url: key });
      return { kind: 'page', url: key, title: page?.title || target.title, annotations };
    })()
      .catch((error: unknown): State => ({ kind: 'error', message: error instanceof Error ? error.message : String(error) }))
      .then((next) => live && setState(next));
    return () => {
      live = false;
    };
  }, [search]);

  switch (state.kind) {
    case 'loading':
      return <p class="status" role="status">Loading…</p>;
    case 'error':
      return <p class="status error" role="alert">Marginalia could not load this page’s notes: {state.message}</p>;
    case 'unsupported':
      return <p class="status">Marginalia works on web pages (http and https). Open an article to highlight it.</p>;
    case 'page':
      return <PageView url={state.url} title={state.title} annotations={state.annotations} />;
  }
}
