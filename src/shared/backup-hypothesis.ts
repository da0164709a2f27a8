import {
  asList,
  type BackupPage,
  checked,
  derivedId,
  isoTime,
  isRecord,
  type ParsedBackup,
  pageKey,
  type Rejected,
  readSelectors,
} from './backup-read';
import type { Annotation } from './types';

/**
 * Hypothesis's exports: the API's search results ({ rows: [...] }), the client's export file
 * ({ annotations: [...] }) or a bare list. Each row has `id`, `uri`, `text` (Markdown), `tags`,
 * `created`, `updated`, `target: [{ source, selector: [...] }]` and `document.title`.
 * Highlights come in yellow. Page notes and replies quote no passage, so they are rejected.
 */

function readRow(row: unknown): { annotation: Annotation; title: string | undefined } | { reason: string } {
  if (!isRecord(row)) return { reason: 'not an object' };
  if (typeof row.id !== 'string' || row.id === '') return { reason: 'no id' };
  const target = asList(row.target).find(isRecord);
  const selector = readSelectors(target?.selector);
  if (!selector.some((s) => s.type === 'TextQuoteSelector')) {
    const what = asList(row.references).length ? 'a reply' : 'a page note or a highlight without its quote';
    return { reason: `no TextQuoteSelector: ${what}, with no passage to anchor` };
  }
  const url = pageKey(row.uri ?? target?.source);
  if (typeof url !== 'string') return url;
  const createdAt = isoTime(row.created);
  if (!createdAt) return { reason: 'created: expected an ISO date' };
  const tags = asList(row.tags)
    .filter((tag): tag is string => typeof tag === 'string')
    .map((tag) => tag.trim())
    .filter(Boolean);
  const result = checked({
    // Derived, not copied: Hypothesis ids have '_' (not allowed here), and the same row
    // imported twice must land on the same annotation.
    id: derivedId(`hypothesis:${row.id}`),
    url,
    target: { selector },
    color: 'yellow',
    note: typeof row.text === 'string' ? row.text : '',
    tags,
    createdAt,
    updatedAt: isoTime(row.updated) ?? createdAt,
  });
  if ('reason' in result) return result;
  const document = isRecord(row.document) ? row.document : {};
  const title = asList(document.title).find((t): t is string => typeof t === 'string');
  return { annotation: result, title };
}

export function readHypothesis(rows: readonly unknown[]): ParsedBackup {
  const annotations: Annotation[] = [];
  const rejected: Rejected[] = [];
  const pages = new Map<string, BackupPage>();
  rows.forEach((row, index) => {
    const result = readRow(row);
    if ('reason' in result) {
      rejected.push({ kind: 'annotation', index, reason: result.reason });
      return;
    }
    const { annotation, title } = result;
    annotations.push(annotation);
    // A page record per address: its title as Hypothesis saw it, dated by its latest note.
    const page = pages.get(annotation.url);
    if (!page) {
      pages.set(annotation.url, { url: annotation.url, title: title?.trim() ?? '', updatedAt: annotation.updatedAt });
    } else {
      if (!page.title && title) page.title = title.trim();
      if (Date.parse(annotation.updatedAt) > Date.parse(page.updatedAt)) page.updatedAt = annotation.updatedAt;
    }
  });
  return { format: 'hypothesis', pages: [...pages.values()], annotations, rejected };
}
