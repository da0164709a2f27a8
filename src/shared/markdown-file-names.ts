import { slug } from './slug';

/**
 * Names for exported files. slug() bounds a name to 80 characters, but file systems bound
 * bytes (255 on ext4, APFS and NTFS count differently): 80 characters of a CJK or astral
 * script are up to 320 UTF-8 bytes. Names here stay within MAX_STEM_BYTES.
 */
const MAX_STEM_BYTES = 200;

const encoder = new TextEncoder();

function boundBytes(stem: string, fallback: string): string {
  let points = [...stem];
  while (points.length && encoder.encode(points.join('')).length > MAX_STEM_BYTES) points = points.slice(0, -1);
  return points.join('').replace(/-+$/, '') || fallback;
}

/** A page's Markdown file: its title as a slug, or its address when it has no title. */
export function markdownFileName(page: { url: string; title: string }): string {
  let address = page.url;
  try {
    const { hostname, pathname } = new URL(page.url);
    address = `${hostname}${pathname}`;
  } catch {
    // Not a URL: its letters and digits will do.
  }
  const fallback = slug(address);
  return `${boundBytes(slug(page.title, fallback), fallback)}.md`;
}

/** The day of an ISO 8601 time, for file names that sort by date. */
export const fileDay = (iso: string) => /^\d{4}-\d{2}-\d{2}/.exec(iso)?.[0] ?? 'undated';

/** The Markdown file with every page's notes. */
export function libraryFileName(exportedAt: string): string {
  return `marginalia-${fileDay(exportedAt)}.md`;
}

/**
 * `names` made distinct without changing the first of each (so "notes.md" stays "notes.md"),
 * for several files written together: "notes.md", "notes-2.md", "notes-3.md".
 */
export function distinctFileNames(names: readonly string[]): string[] {
  const taken = new Set<string>();
  return names.map((name) => {
    const dot = name.lastIndexOf('.');
    const [stem, ext] = dot > 0 ? [name.slice(0, dot), name.slice(dot)] : [name, ''];
    let candidate = name;
    for (let n = 2; taken.has(candidate.toLowerCase()); n++) candidate = `${stem}-${n}${ext}`;
    taken.add(candidate.toLowerCase());
    return candidate;
  });
}
