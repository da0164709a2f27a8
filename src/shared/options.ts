import { ext } from './browser';
import { COLORS, type Color, isColor } from './types';

/**
 * The reader's options, in extension storage under one key. Every stored shape ever
 * written is read through `migrate`, which fills what is missing with defaults and never
 * throws, so a newer or damaged value cannot break the extension.
 */
export interface Options {
  version: 1;
  /** Colour of the Highlight button until the reader picks another. */
  defaultColor: Color;
  /** The reader's own meaning of each colour ("Important", "Question"…), shown as a hint. */
  colorLabels: Record<Color, string>;
  exportFrontMatter: boolean;
  exportLinks: boolean;
  exportGroupBy: 'reading-order' | 'color';
  /** Private windows: do nothing there (the default), or highlight and keep the highlights. */
  privateWindows: 'ignore' | 'keep';
  /** How many past highlights the daily Review shows (1 to 50). */
  reviewPerDay: number;
  /** Open PDFs the browser navigates to in Marginalia's reader (background/pdf-open.ts). */
  openPdfs: boolean;
  /** Notes shown in the margin beside their passages, where the page leaves room (issue 16). */
  marginNotes: boolean;
  /** A dragged selection that starts or ends inside a word takes the whole word. */
  snapToWords: boolean;
}

export const OPTIONS_KEY = 'options';

export const DEFAULT_OPTIONS: Options = {
  version: 1,
  defaultColor: 'yellow',
  colorLabels: { yellow: '', green: '', blue: '', pink: '', purple: '' },
  exportFrontMatter: true,
  exportLinks: true,
  exportGroupBy: 'reading-order',
  privateWindows: 'ignore',
  reviewPerDay: 5,
  openPdfs: true,
  marginNotes: true,
  snapToWords: true,
};

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Any stored value (missing, older, damaged) to a complete, valid Options. */
export function migrate(stored: unknown): Options {
  const o = isRecord(stored) ? stored : {};
  const labels = isRecord(o.colorLabels) ? o.colorLabels : {};
  return {
    version: 1,
    defaultColor: isColor(o.defaultColor) ? o.defaultColor : DEFAULT_OPTIONS.defaultColor,
    colorLabels: Object.fromEntries(
      COLORS.map((c) => [c, typeof labels[c] === 'string' ? (labels[c] as string).slice(0, 60) : ''] as const),
    ) as Record<Color, string>,
    exportFrontMatter:
      typeof o.exportFrontMatter === 'boolean' ? o.exportFrontMatter : DEFAULT_OPTIONS.exportFrontMatter,
    exportLinks: typeof o.exportLinks === 'boolean' ? o.exportLinks : DEFAULT_OPTIONS.exportLinks,
    exportGroupBy: o.exportGroupBy === 'color' ? 'color' : 'reading-order',
    privateWindows: o.privateWindows === 'keep' ? 'keep' : 'ignore',
    reviewPerDay:
      typeof o.reviewPerDay === 'number' && Number.isInteger(o.reviewPerDay)
        ? Math.min(50, Math.max(1, o.reviewPerDay))
        : DEFAULT_OPTIONS.reviewPerDay,
    openPdfs: typeof o.openPdfs === 'boolean' ? o.openPdfs : DEFAULT_OPTIONS.openPdfs,
    marginNotes: o.marginNotes !== false,
    snapToWords: o.snapToWords !== false,
  };
}

export async function loadOptions(): Promise<Options> {
  try {
    return migrate(await ext.getStored(OPTIONS_KEY));
  } catch {
    return DEFAULT_OPTIONS;
  }
}

export async function saveOptions(options: Options): Promise<void> {
  await ext.setStored({ [OPTIONS_KEY]: migrate(options) });
}

/** The Markdown writer's options from the reader's export defaults. */
export function exportOptions(options: Options) {
  return { frontMatter: options.exportFrontMatter, links: options.exportLinks, groupBy: options.exportGroupBy };
}
