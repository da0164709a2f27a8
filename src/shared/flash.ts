/** The highlight name that content.css and pdf.css draw in the flash colour. */
const FLASH = 'marginalia-flash';

/**
 * Draws the range in the flash colour for a moment, as Jump to does, on a web page and in
 * the PDF reader (CSS.highlights only: nothing added to the page).
 */
export function flash(range: Range): void {
  if (typeof Highlight !== 'function' || !('highlights' in CSS)) return;
  const highlight = new Highlight(range);
  CSS.highlights.set(FLASH, highlight);
  setTimeout(() => {
    if (CSS.highlights.get(FLASH) === highlight) CSS.highlights.delete(FLASH);
  }, 1600);
}
