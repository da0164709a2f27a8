import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The layering the extension relies on: content script, popup, background and the note
 * frame are separate bundles that meet only through src/shared (messages, types) and
 * src/anchoring (pure text logic), and src/anchoring stands alone so it can be tested and
 * reused without a browser.
 */
const SRC = resolve(import.meta.dirname, '../../src');
const ENTRY_POINTS = ['content', 'popup', 'background', 'options', 'note', 'review', 'pdf'];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.(ts|tsx|mts|js|mjs)$/.test(entry.name) ? [path] : [];
  });
}

/** Module specifiers of static imports and re-exports, side-effect imports and dynamic import(). */
function importSpecifiers(source: string): string[] {
  const code = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
  const found: string[] = [];
  const patterns = [
    /\b(?:import|export)\s+(?:type\s+)?[^'";]*?\bfrom\s*['"]([^'"]+)['"]/g,
    /\bimport\s*['"]([^'"]+)['"]/g,
    /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
    /\brequire\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
  ];
  for (const pattern of patterns) for (const match of code.matchAll(pattern)) found.push(match[1]!);
  return found;
}

interface Edge {
  /** Importing file, relative to the source root, with '/' separators. */
  file: string;
  specifier: string;
  /** Top folder under the root the import lands in; '(outside src)' when it leaves the root. */
  target: string;
}

/** Every relative import under `root` (package imports are not our layering). */
function edges(root: string): Edge[] {
  return sourceFiles(root).flatMap((file) =>
    importSpecifiers(readFileSync(file, 'utf8'))
      .filter((specifier) => specifier.startsWith('.'))
      .map((specifier) => {
        const landed = relative(root, resolve(dirname(file), specifier));
        const target = landed.startsWith(`..${sep}_locales${sep}`)
          ? '(locales)'
          : landed.startsWith('..')
            ? '(outside src)'
            : landed.split(sep)[0]!;
        return { file: relative(root, file).split(sep).join('/'), specifier, target };
      }),
  );
}

const folderOf = (edge: Edge) => edge.file.split('/')[0]!;
const show = (edge: Edge) => `${edge.file} imports '${edge.specifier}'`;

/** Which folders each folder may import from. */
function allowed(folder: string): string[] {
  if (ENTRY_POINTS.includes(folder)) return [folder, 'shared', 'anchoring'];
  if (folder === 'anchoring') return ['anchoring'];
  // The message catalogue gives i18n.ts its key type (a type-only import: no bundle cost).
  if (folder === 'shared') return ['shared', 'anchoring', '(locales)'];
  return [folder, 'shared', 'anchoring'];
}

function violations(root: string): string[] {
  return edges(root)
    .filter((edge) => !allowed(folderOf(edge)).includes(edge.target))
    .map(show);
}

describe('import rules between the parts of src/', () => {
  it('reads import specifiers of every form, and not those in comments', () => {
    const sample = [
      "import { a } from './a';",
      "import type { B } from '../shared/b';",
      'import {\n  c,\n  d,\n} from "../anchoring";',
      "export { e } from './e';",
      "export * from './f';",
      "import browser from 'webextension-polyfill';",
      "import './side-effect';",
      "const g = await import('./lazy');",
      '// import { old } from "../popup/old";',
      "/* import { older } from '../popup/older'; */",
    ].join('\n');
    expect(importSpecifiers(sample)).toEqual([
      './a',
      '../shared/b',
      '../anchoring',
      './e',
      './f',
      'webextension-polyfill',
      './side-effect',
      './lazy',
    ]);
  });

  it('finds the imports it is meant to judge', () => {
    const shown = edges(SRC).map(show);
    expect(shown.length).toBeGreaterThan(20);
    expect(shown).toContain("content/annotator.ts imports '../anchoring'");
    expect(shown).toContain("background/handlers.ts imports '../shared/messages'");
    expect(shown).toContain("popup/PageView.tsx imports '../shared/markdown'");
    expect(new Set(edges(SRC).map(folderOf))).toEqual(
      new Set(['anchoring', 'background', 'content', 'note', 'options', 'popup', 'review', 'pdf', 'shared']),
    );
  });

  it('reports a forbidden import when there is one', () => {
    const root = mkdtempSync(join(tmpdir(), 'marginalia-layers-'));
    try {
      for (const folder of ['content', 'popup', 'anchoring', 'shared']) mkdirSync(join(root, folder));
      writeFileSync(join(root, 'content', 'ok.ts'), "import { x } from '../shared/x';\nimport { y } from './y';\n");
      writeFileSync(join(root, 'content', 'bad.ts'), "import { render } from '../popup/render';\n");
      writeFileSync(join(root, 'anchoring', 'bad.ts'), "import type { T } from '../shared/types';\n");
      writeFileSync(join(root, 'popup', 'outside.ts'), "import { fake } from '../../tests/support/fake';\n");
      expect(violations(root).sort()).toEqual([
        "anchoring/bad.ts imports '../shared/types'",
        "content/bad.ts imports '../popup/render'",
        "popup/outside.ts imports '../../tests/support/fake'",
      ]);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it.each(ENTRY_POINTS)('src/%s imports only its own folder, src/shared and src/anchoring', (folder) => {
    const offending = edges(SRC)
      .filter((edge) => folderOf(edge) === folder && ![folder, 'shared', 'anchoring'].includes(edge.target))
      .map(show);
    expect(offending).toEqual([]);
  });

  it('src/anchoring imports nothing from src/ outside src/anchoring', () => {
    const offending = edges(SRC)
      .filter((edge) => folderOf(edge) === 'anchoring' && edge.target !== 'anchoring')
      .map(show);
    expect(offending).toEqual([]);
  });

  it('src/shared imports nothing from the content script, popup or background', () => {
    const offending = edges(SRC)
      .filter((edge) => folderOf(edge) === 'shared' && !['shared', 'anchoring', '(locales)'].includes(edge.target))
      .map(show);
    expect(offending).toEqual([]);
  });

  it('no file under src/ breaks any of these rules', () => {
    expect(violations(SRC)).toEqual([]);
  });
});
