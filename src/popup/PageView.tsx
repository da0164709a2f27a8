import { pageMarkdown } from '../shared/markdown';
import { inReadingOrder } from '../shared/reading-order';
import { slug } from '../shared/slug';
import { type Annotation, quoteOf } from '../shared/types';
import { downloadText } from './download';

export interface PageViewProps {
  url: string;
  title: string;
  annotations: Annotation[];
  /** Ids the page could not find, or null when no open tab has said. */
  orphans: string[] | null;
}

function HighlightList({ label, annotations }: { label: string; annotations: Annotation[] }) {
  return (
    <ol class="highlights" aria-label={label}>
      {annotations.map((annotation) => (
        <li key={annotation.id} class={`highlight color-${annotation.color}`}>
          <blockquote class="quote">{quoteOf(annotation)?.exact}</blockquote>
          {annotation.note && <p class="note">{annotation.note}</p>}
        </li>
      ))}
    </ol>
  );
}

export function PageView({ url, title, annotations, orphans }: PageViewProps) {
  const ordered = inReadingOrder(annotations);
  const missing = new Set(orphans ?? []);
  const found = ordered.filter((a) => !missing.has(a.id));
  const notFound = ordered.filter((a) => missing.has(a.id));
  const exportMarkdown = () => downloadText(`${slug(title)}.md`, pageMarkdown({ title, url }, ordered));
  return (
    <main class="page">
      <header>
        <h1>{title || url}</h1>
        <p class="url">
          <a href={url} target="_blank" rel="noopener noreferrer">
            {url}
          </a>
        </p>
      </header>
      {ordered.length === 0 && (
        <p class="empty">No highlights on this page yet. Select text on the page and choose Highlight.</p>
      )}
      {found.length > 0 && <HighlightList label="Highlights" annotations={found} />}
      {notFound.length > 0 && (
        <section class="orphans" aria-labelledby="orphans-heading">
          <h2 id="orphans-heading">Not found on this page</h2>
          <p class="hint">The page’s text has changed. These are kept, and come back if their text reappears.</p>
          <HighlightList label="Not found on this page" annotations={notFound} />
        </section>
      )}
      <footer>
        <button type="button" onClick={exportMarkdown} disabled={ordered.length === 0}>
          Export Markdown
        </button>
      </footer>
    </main>
  );
}
