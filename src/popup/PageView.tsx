import { useEffect, useState } from 'preact/hooks';
import { ext } from '../shared/browser';
import { pageMarkdown } from '../shared/markdown';
import { send } from '../shared/messages';
import { inReadingOrder } from '../shared/reading-order';
import { markdownFileName } from '../shared/markdown-file-names';
import { downloadText } from './download';
import { HighlightCard } from './HighlightCard';
import { NoteField } from './NoteField';
import { usePage } from './use-page';

export function PageView({ url, fallbackTitle }: { url: string; fallbackTitle: string }) {
  const { data, error, status, deleted, actions } = usePage(url, fallbackTitle);
  const [suggestions, setSuggestions] = useState<string[]>([]);
  const [copied, setCopied] = useState('');
  // Suggestions can wait until the page's own notes are on screen.
  const loaded = data !== undefined;
  useEffect(() => {
    if (!loaded) return undefined;
    const timer = setTimeout(() => {
      send('library/tags', {})
        .then(({ tags }) => setSuggestions(tags))
        .catch(() => undefined);
    }, 50);
    return () => clearTimeout(timer);
  }, [loaded]);

  if (error) return <p class="status error" role="alert">Marginalia could not load this page’s notes: {error}</p>;
  if (!data) return <p class="status" role="status">Loading…</p>;

  const ordered = inReadingOrder(data.annotations);
  const missing = new Set(data.orphans ?? []);
  const found = ordered.filter((a) => !missing.has(a.id));
  const notFound = ordered.filter((a) => missing.has(a.id));
  const page = { title: data.title, url, note: data.page?.note ?? '' };
  const markdown = () => pageMarkdown(page, ordered);
  const cardProps = { suggestions, actions };

  return (
    <div class="page">
      <header class="page-header">
        <h1>{data.title || url}</h1>
        <p class="url">
          <a href={url} target="_blank" rel="noopener noreferrer">
            {url}
          </a>
        </p>
      </header>
      <NoteField label="Page note" placeholder="A note about the whole page…" value={page.note} onSave={actions.saveNote} />
      {ordered.length === 0 && <p class="empty">No highlights on this page yet. Select text on the page and choose Highlight.</p>}
      {found.length > 0 && (
        <ol class="highlights" aria-label="Highlights">
          {found.map((a) => (
            <HighlightCard key={a.id} annotation={a} orphan={false} {...cardProps} />
          ))}
        </ol>
      )}
      {notFound.length > 0 && (
        <section class="orphans" aria-labelledby="orphans-heading">
          <h2 id="orphans-heading">Not found on this page</h2>
          <p class="hint">The page’s text has changed. These are kept, and come back if their text reappears; or select the passage and re-attach.</p>
          <ol class="highlights" aria-label="Not found on this page">
            {notFound.map((a) => (
              <HighlightCard key={a.id} annotation={a} orphan {...cardProps} />
            ))}
          </ol>
        </section>
      )}
      <div class="live" role="status" aria-live="polite">
        {deleted && (
          <span class="undo">
            Highlight deleted.{' '}
            <button type="button" onClick={actions.undo}>
              Undo
            </button>
          </span>
        )}
        {status && <span>{status}</span>}
        {copied && <span>{copied}</span>}
      </div>
      <footer class="actions">
        <button type="button" onClick={() => downloadText(markdownFileName({ url, title: data.title }), markdown())} disabled={ordered.length === 0}>
          Export Markdown
        </button>
        <button
          type="button"
          disabled={ordered.length === 0}
          onClick={() =>
            navigator.clipboard.writeText(markdown()).then(
              () => setCopied('Copied.'),
              (e: unknown) => setCopied(`Could not copy: ${String(e)}`),
            )
          }
        >
          Copy as Markdown
        </button>
        <button type="button" onClick={() => void ext.openTab(ext.extensionUrl(`popup.html?url=${encodeURIComponent(url)}`))}>
          Open in tab
        </button>
      </footer>
    </div>
  );
}
