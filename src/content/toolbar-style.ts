import type { COLORS } from '../shared/types';

/** Swatch colours: the highlight colours at full strength, readable on light and dark pages. */
export const SWATCHES: Record<(typeof COLORS)[number], string> = {
  yellow: '#ffd60a',
  green: '#34c759',
  blue: '#0a84ff',
  pink: '#ff378c',
  purple: '#af52de',
};

/**
 * The room the hover preview's frame leaves around the preview for its shadow (px); the
 * note page (assets/note.css) draws the preview this far in.
 */
export const TIP_MARGIN = 16;

/**
 * The toolbar's look, inside its closed shadow root: every size in px (so it follows the
 * page's zoom, not the page's font sizes), and fixed button widths, so the bar's layout
 * does not depend on the page at all.
 */
export const TOOLBAR_CSS = `
:host { all: initial; }
:host::backdrop { display: none !important; }
* { box-sizing: border-box; }
.bar {
  font: 13px/18px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  color: #f6f8fa; background: #1f2328;
  border-radius: 8px; box-shadow: 0 4px 14px rgba(0, 0, 0, 0.28);
  direction: ltr; text-align: left; letter-spacing: normal; text-transform: none;
}
.bar { display: flex; flex-direction: column; gap: 4px; padding: 4px; }
.row { display: flex; align-items: center; gap: 4px; height: 28px; }
.row[hidden], .editor[hidden], .status:empty { display: none; }
button {
  all: unset; box-sizing: border-box; cursor: pointer; height: 28px; border-radius: 6px;
  font: inherit; color: inherit; background: #2f353d; text-align: center; white-space: nowrap;
}
button:hover { background: #444c56; }
button:focus-visible { outline: 2px solid #7cc4ff; outline-offset: 1px; }
.highlight { width: 92px; }
.highlight .swatch { margin-right: 6px; vertical-align: -1px; }
.color { width: 28px; }
.text { width: 64px; }
.swatch { display: inline-block; width: 12px; height: 12px; border-radius: 50%; }
.color[aria-pressed="true"] { box-shadow: inset 0 0 0 2px #f6f8fa; }
/* The note editor's frame: a 300 px text box 72 px high, and its 28 px row of hint and Save.
   The frame also covers the bar's 4 px padding around it, so focus rings are not cut off. */
.editor { width: 308px; height: 112px; margin: -4px; }
iframe { display: block; border: 0; background: transparent; color-scheme: normal; }
iframe[hidden] { display: none; }
.editor iframe { width: 100%; height: 100%; }
.status { padding: 0 6px; max-width: 320px; }
/* The hover preview's frame: at most 320 px of preview, with room for its shadow. */
.tip { position: fixed; width: ${320 + 2 * TIP_MARGIN}px; height: ${26 + 2 * TIP_MARGIN}px; pointer-events: none; }
.tip iframe { width: 100%; height: 100%; }
.tip[hidden] { display: none; }
@media (prefers-color-scheme: light) {
  .bar { color: #1f2328; background: #ffffff; box-shadow: 0 4px 14px rgba(0, 0, 0, 0.18), 0 0 0 1px #d1d9e0; }
  button { background: #eef1f4; }
  button:hover { background: #dde3e9; }
  button:focus-visible { outline-color: #0969da; }
  .color[aria-pressed="true"] { box-shadow: inset 0 0 0 2px #1f2328; }
}
`;
