const MAX_SLUG = 80;

/**
 * A file-name-safe slug: letters and digits of any script kept (a Japanese title stays
 * readable), Latin accents folded, everything else one dash; never empty, never a path.
 */
export function slug(title: string, fallback = 'marginalia-notes'): string {
  // Only Latin accents are folded; other scripts' marks (kana voicing, Indic vowel signs)
  // are part of their words and are recomposed.
  const folded = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .normalize('NFC')
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '');
  const bounded = [...folded].slice(0, MAX_SLUG).join('').replace(/-+$/, '');
  return bounded || fallback;
}
