// Builds loadable extensions for Chromium and Firefox from one source manifest:
//   node build.mjs                 development build (source maps)
//   node build.mjs --production    minified, no source maps; fails if the content script is over budget
//   node build.mjs --package       production build, then store zips in dist/ (version from package.json)
//   node build.mjs --harness       also the test harness (dist/harness/, never part of an extension)
//   node build.mjs --watch         development build, rebuilt on every change (npm start uses it)

import { cp, mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Resvg } from '@resvg/resvg-js';
import { context } from 'esbuild';
import { zipSync } from 'fflate';

const root = path.dirname(fileURLToPath(import.meta.url));
const args = new Set(process.argv.slice(2));
const packaging = args.has('--package');
const production = args.has('--production') || packaging;
const harness = args.has('--harness');
const watch = args.has('--watch');
const dist = path.join(root, 'dist');
const BROWSERS = ['chrome', 'firefox'];

const entries = {
  background: 'src/background/index.ts',
  content: 'src/content/index.ts',
  popup: 'src/popup/index.tsx',
  options: 'src/options/index.tsx',
  note: 'src/note/index.ts',
  review: 'src/review/index.tsx',
  // Opens local PDFs in the reader (src/content/local-pdf.ts): apart from content.js's budget.
  'local-pdf': 'src/content/local-pdf.ts',
};
/** ES modules: PDF.js ships as one (pdf.html loads it with type="module"). */
const moduleEntries = {
  pdf: 'src/pdf/index.ts',
};
const staticFiles = [
  'assets/pdf.html',
  'assets/pdf.css',
  'assets/popup.html',
  'assets/popup.css',
  'assets/content.css',
  'assets/options.html',
  'assets/note.html',
  'assets/note.css',
  'assets/sidepanel.html',
  'assets/review.html',
];
const ICON_SIZES = [16, 32, 48, 96, 128];
/**
 * Every page pays for the content script: it must stay small (issue 8). The budget comes from
 * measurements: 49.8 kB with webextension-polyfill as the browser layer (issue 14, README "What
 * the content script costs"), then 3.8 kB for margin notes and word snapping (issue 16; their
 * notes are read and drawn in the note frame, not here), then 3.7 kB for restoring in slices
 * and keeping the text index (issue 13), then 4.4 kB for anchoring round 2 (issue 13: searches
 * that pause and the gram index, 2.0 kB; heavily edited quotes found by their context, 2.3 kB;
 * the DOM fast path past inline scripts, 0.4 kB), with a little headroom.
 */
const CONTENT_BUDGET = 64 * 1024;
const GECKO_ID = 'marginalia@marginalia.example';

const common = {
  bundle: true,
  format: 'iife',
  target: ['chrome120', 'firefox128'],
  jsx: 'automatic',
  jsxImportSource: 'preact',
  minify: production,
  sourcemap: production ? false : 'linked',
  legalComments: 'none',
  logLevel: 'warning',
  define: { 'process.env.NODE_ENV': JSON.stringify(production ? 'production' : 'development') },
};

const pkg = JSON.parse(await readFile(path.join(root, 'package.json'), 'utf8'));
const source = JSON.parse(await readFile(path.join(root, 'manifest.json'), 'utf8'));

function manifestFor(browser) {
  const manifest = structuredClone(source);
  manifest.version = pkg.version;
  if (browser === 'firefox') {
    manifest.background = { scripts: ['background.js'] };
    // The same page as Chromium's side panel, as Firefox's sidebar (no sidePanel API there).
    manifest.sidebar_action = {
      default_panel: manifest.side_panel.default_path,
      default_title: manifest.action.default_title,
      default_icon: manifest.action.default_icon,
      open_at_install: false,
    };
    delete manifest.side_panel;
    manifest.permissions = manifest.permissions.filter((p) => p !== 'sidePanel');
    // Firefox has no dynamic URLs for web-accessible pages (and needs none: the
    // moz-extension:// host is random for every install, so a page cannot probe for it).
    for (const entry of manifest.web_accessible_resources ?? []) delete entry.use_dynamic_url;
    manifest.browser_specific_settings = {
      // 140: the first ESR with the CSS Custom Highlight API and data_collection_permissions.
      gecko: { id: GECKO_ID, strict_min_version: '140.0', data_collection_permissions: { required: ['none'] } },
      gecko_android: { strict_min_version: '142.0' },
    };
  }
  return manifest;
}

/** PNG icons at every size the stores and browsers ask for, from the one SVG source. */
async function writeIcons(out) {
  const svg = await readFile(path.join(root, 'assets/icon.svg'), 'utf8');
  await mkdir(path.join(out, 'icons'), { recursive: true });
  for (const size of ICON_SIZES) {
    const png = new Resvg(svg, { fitTo: { mode: 'width', value: size } }).render().asPng();
    await writeFile(path.join(out, 'icons', `icon-${size}.png`), png);
  }
}

/**
 * PDF.js's worker, character maps, standard fonts, colour profiles, decoders and viewer
 * CSS, so the reader never fetches any of them from elsewhere (pdfjs.ts points there).
 */
const PDFJS = path.join(root, 'node_modules/pdfjs-dist');
const pdfjsFiles = [
  ['build/pdf.worker.min.mjs', 'pdf.worker.mjs'],
  ['cmaps', 'cmaps'],
  ['standard_fonts', 'standard_fonts'],
  ['iccs', 'iccs'],
  ['wasm', 'wasm'],
  ['web/pdf_viewer.css', 'pdf_viewer.css'],
  ['web/images', 'images'],
  ['LICENSE', 'LICENSE'],
];

async function copyStatic(out, browser) {
  await Promise.all(staticFiles.map((file) => cp(path.join(root, file), path.join(out, path.basename(file)))));
  await Promise.all(
    pdfjsFiles.map(([from, to]) => cp(path.join(PDFJS, from), path.join(out, 'pdfjs', to), { recursive: true })),
  );
  await cp(path.join(root, '_locales'), path.join(out, '_locales'), { recursive: true });
  await writeFile(path.join(out, 'manifest.json'), `${JSON.stringify(manifestFor(browser), null, 2)}\n`);
  await writeIcons(out);
}

async function report(browser) {
  const out = path.join(dist, browser);
  const sizes = await Promise.all(
    [...Object.keys(entries), ...Object.keys(moduleEntries)].map(async (name) => [
      name,
      (await stat(path.join(out, `${name}.js`))).size,
    ]),
  );
  console.log(
    `dist/${browser}: ${sizes.map(([n, s]) => `${n}.js ${(s / 1024).toFixed(1)} kB`).join(', ')}${production ? '' : ' (development)'}`,
  );
  const content = sizes.find(([n]) => n === 'content')?.[1] ?? 0;
  if (production && content > CONTENT_BUDGET) {
    throw new Error(`content.js is ${(content / 1024).toFixed(1)} kB, over its ${CONTENT_BUDGET / 1024} kB budget`);
  }
}

/** The Firefox tests cannot open extension pages: the popup's code, on a plain page, with the seam swapped. */
function harnessOptions() {
  const seam = path.join(root, 'src/shared/browser.ts');
  return {
    ...common,
    format: 'esm',
    entryPoints: { popup: 'tests/support/harness-entry.ts' },
    outdir: path.join(dist, 'harness'),
    plugins: [
      {
        name: 'swap-browser-seam',
        setup(b) {
          b.onResolve({ filter: /browser$/ }, (args) =>
            path.resolve(args.resolveDir, `${args.path}.ts`) === seam
              ? { path: path.join(root, 'tests/support/fake-browser.ts') }
              : undefined,
          );
        },
      },
    ],
  };
}

async function writeHarnessStatic() {
  const out = path.join(dist, 'harness');
  await cp(path.join(root, 'assets/popup.css'), path.join(out, 'popup.css'));
  const html = await readFile(path.join(root, 'assets/popup.html'), 'utf8');
  await writeFile(
    path.join(out, 'popup.html'),
    html.replace('<script src="popup.js">', '<script type="module" src="popup.js">'),
  );
  // The Review page, from the same harness bundle (it picks the page by its name).
  const review = await readFile(path.join(root, 'assets/review.html'), 'utf8');
  await writeFile(
    path.join(out, 'review.html'),
    review.replace('<script src="review.js">', '<script type="module" src="popup.js">'),
  );
}

async function packageZips() {
  for (const browser of BROWSERS) {
    const dir = path.join(dist, browser);
    const files = {};
    for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
      if (!entry.isFile() || entry.name.endsWith('.map')) continue;
      const full = path.join(entry.parentPath, entry.name);
      files[path.relative(dir, full).split(path.sep).join('/')] = new Uint8Array(await readFile(full));
    }
    const name = `marginalia-${browser}-${pkg.version}.zip`;
    await writeFile(path.join(dist, name), zipSync(files, { level: 9 }));
    console.log(`dist/${name}`);
  }
}

/**
 * PouchDB's `scopeEval` runs design-document functions given as strings through the Function
 * constructor. Marginalia never replicates with such filters, an extension's CSP forbids eval
 * anyway, and store reviewers (web-ext lint's DANGEROUS_EVAL) rightly flag it: the bundle gets
 * a version that refuses instead. The build fails if PouchDB's code no longer has the line, so
 * an upgrade cannot bring the eval back unnoticed.
 */
const noPouchEval = {
  name: 'no-pouchdb-eval',
  setup(b) {
    b.onLoad({ filter: /pouchdb-utils[\\/]lib[\\/]index-browser\.es\.js$/ }, async (args) => {
      const code = await readFile(args.path, 'utf8');
      const line = 'return Function.apply(null, keys).apply(null, values);';
      if (!code.includes(line)) throw new Error(`${args.path}: scopeEval changed; check the no-pouchdb-eval plugin`);
      return { contents: code.replace(line, "throw new Error('Design-document functions are not supported');") };
    });
  },
};

const contexts = [];
for (const browser of BROWSERS) {
  const out = path.join(dist, browser);
  await rm(out, { recursive: true, force: true });
  await mkdir(out, { recursive: true });
  contexts.push({
    browser,
    out,
    ctx: await context({
      ...common,
      entryPoints: entries,
      outdir: out,
      plugins: [
        noPouchEval,
        {
          name: 'after-build',
          setup(b) {
            b.onEnd(async (result) => {
              if (result.errors.length === 0) await copyStatic(out, browser);
            });
          },
        },
      ],
    }),
  });
  contexts.push({
    browser: `${browser}-modules`,
    out,
    ctx: await context({ ...common, format: 'esm', entryPoints: moduleEntries, outdir: out }),
  });
}
if (harness) {
  await rm(path.join(dist, 'harness'), { recursive: true, force: true });
  contexts.push({ browser: 'harness', ctx: await context(harnessOptions()) });
}

if (watch) {
  for (const { ctx } of contexts) await ctx.watch();
  if (harness) await writeHarnessStatic();
  console.log('Watching src/ and assets/ for changes (Ctrl+C to stop).');
} else {
  for (const { browser, ctx } of contexts) {
    await ctx.rebuild();
    await ctx.dispose();
    if (browser === 'harness') await writeHarnessStatic();
  }
  for (const browser of BROWSERS) await report(browser);
  if (packaging) await packageZips();
}
