import { fold, queryWords } from '../shared/fold';
import type { Annotation, Color, PageRecord } from '../shared/types';
import { quoteOf } from '../shared/types';
import * as db from './db';

export interface SearchHit {
  annotation: Annotation;
  title: string;
}

interface Entry {
  annotation: Annotation;
  title: string;
  /** Quote, note, tags and page title, folded once. */
  haystack: string;
}

/**
 * Every annotation with its folded text, kept in memory between keystrokes and dropped
 * whenever anything is written. Built on the first search (10,000 annotations read in one
 * getAll), not at start-up.
 */
let entries: Promise<Entry[]> | undefined;

export function invalidateSearch(): void {
  entries = undefined;
}

async function build(): Promise<Entry[]> {
  const [annotations, pages] = await Promise.all([db.allAnnotations(), db.allPages()]);
  const titles = new Map(pages.map((p: PageRecord) => [p.url, p.title]));
  return annotations
    .map((annotation) => {
      const title = titles.get(annotation.url) ?? '';
      const text = [
        quoteOf(annotation)?.exact ?? '',
        annotation.note,
        annotation.tags.join(' '),
        title,
        annotation.url,
      ];
      return { annotation, title, haystack: fold(text.join('\n')) };
    })
    .sort((a, b) => (a.annotation.updatedAt < b.annotation.updatedAt ? 1 : -1));
}

/** Builds the index ahead of the first keystroke (the library calls this as it opens). */
export function warmSearch(): void {
  entries ??= build().catch((error: unknown) => {
    entries = undefined;
    throw error;
  });
  entries.catch(() => undefined);
}

export async function search(
  query: string,
  color: Color | null,
  tag: string | null,
  limit: number,
): Promise<{ hits: SearchHit[]; total: number }> {
  warmSearch();
  const words = queryWords(query);
  const hits: SearchHit[] = [];
  let total = 0;
  for (const entry of await entries!) {
    if (color && entry.annotation.color !== color) continue;
    if (tag && !entry.annotation.tags.includes(tag)) continue;
    if (!words.every((w) => entry.haystack.includes(w))) continue;
    total++;
    if (hits.length < limit) hits.push({ annotation: entry.annotation, title: entry.title });
  }
  return { hits, total };
}

/** Tags in use, most used first, for suggestions and the tag filter (from the same cached index). */
export async function allTags(): Promise<string[]> {
  warmSearch();
  const counts = new Map<string, number>();
  for (const { annotation } of await entries!) {
    for (const tag of annotation.tags) counts.set(tag, (counts.get(tag) ?? 0) + 1);
  }
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([tag]) => tag);
}
