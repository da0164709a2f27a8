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
 * The toolbar's look, inside its closed shadow root: every size in px (so it follows the
 * page's zoom, not the page's font sizes), and fixed button widths, so the bar's layout
 * does not depend on the page at all.
 */
export const TOOLBAR_CSS = `
:host { all: initial; }
* { box-sizing: border-box; }
.bar, .tip {
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
.editor { display: flex; flex-direction: column; gap: 4px; width: 300px; }
textarea {
  all: unset; box-sizing: border-box; width: 100%; min-height: 72px; max-height: 240px; padding: 6px 8px;
  border-radius: 6px; background: #0d1117; color: #f6f8fa; font: 13px/18px system-ui, sans-serif;
  white-space: pre-wrap; overflow-wrap: anywhere; overflow: auto;
}
textarea:focus-visible { outline: 2px solid #7cc4ff; }
.editor .actions { display: flex; gap: 4px; justify-content: flex-end; align-items: center; }
.hint { color: #9198a1; font-size: 12px; margin-right: auto; }
.status { padding: 0 6px; max-width: 320px; }
.tip { position: fixed; padding: 4px 8px; max-width: 320px; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; pointer-events: none; }
.tip[hidden] { display: none; }
@media (prefers-color-scheme: light) {
  .bar, .tip { color: #1f2328; background: #ffffff; box-shadow: 0 4px 14px rgba(0, 0, 0, 0.18), 0 0 0 1px #d1d9e0; }
  button { background: #eef1f4; }
  button:hover { background: #dde3e9; }
  button:focus-visible, textarea:focus-visible { outline-color: #0969da; }
  .color[aria-pressed="true"] { box-shadow: inset 0 0 0 2px #1f2328; }
  textarea { background: #f6f8fa; color: #1f2328; }
  .hint { color: #59636e; }
}
`;
