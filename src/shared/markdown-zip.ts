import { type MarkdownOptions, type PageNotes, pageMarkdown } from './markdown';
import { distinctFileNames, markdownFileName } from './markdown-file-names';
import { zip } from './zip';

/**
 * Every page's notes as its own Markdown file, in one zip: the shape a notes folder (an
 * Obsidian vault) wants, where the one-file library export suits reading or printing.
 * Files are stamped with the export time, so the same notes exported twice give the same bytes.
 */
export function markdownZip(pages: readonly PageNotes[], options: MarkdownOptions = {}): Uint8Array {
  const exportedAt = options.exportedAt ?? new Date().toISOString();
  const names = distinctFileNames(pages.map(({ page }) => markdownFileName(page)));
  const entries = pages.map(({ page, annotations }, i) => ({
    name: names[i]!,
    data: pageMarkdown(page, annotations, { ...options, exportedAt }),
  }));
  return zip(entries, new Date(exportedAt));
}
