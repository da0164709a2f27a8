import { pageMarkdown } from '../shared/markdown';
import { inReadingOrder } from '../shared/reading-order';
import { slug } from '../shared/slug';
import { type Annotation, quoteOf } from '../shared/types';
import { downloadText } from './download';

export interface PageViewProps {
  url: string;
  title: string;
  annotations: Annotation[];
}

export function PageView({ url, title, annotations }: PageViewProps) {
  const ordered = inReadingOrder(annotations);
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
      {ordered.length === 0 ? (
        <p class="empty">No highlights on this page yet. Select text on the page and choose Highlight.</p>
      ) : (
        <ol class="highlights" aria-label="Highlights">
          {ordered.map((annotation) => (
            <li key={annotation.id} class={`highlight color-${annotation.color}`}>
              <blockquote class="quote">{quoteOf(annotation)?.exact}</blockquote>
              {annotation.note && <p class="note">{annotation.note}</p>}
            </li>
          ))}
        </ol>
      )}
      <footer>
        <button type="button" onClick={exportMarkdown} disabled={ordered.length === 0}>
          Export Markdown
        </button>
      </footer>
    </main>
  );
}
