// Builds loadable extensions for Chromium and Firefox from one source manifest:
//   node build.mjs                 development build (source maps)
//   node build.mjs --production    minified, no source maps
//   node build.mjs --harness       also the test harness (dist/harness/, never part of an extension)
import { build } from 'esbuild';
import { cp, mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(fileURLToPath(import.meta.url));
const production = process.argv.includes('--production');
const harness = process.argv.includes('--harness');
const dist = path.join(root, 'dist');

const entries = {
  background: 'src/background/index.ts',
  content: 'src/content/index.ts',
  popup: 'src/popup/index.tsx',
};
const staticFiles = ['assets/popup.html', 'assets/popup.css', 'assets/content.css'];

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

function manifestFor(browser, source, version) {
  const manifest = structuredClone(source);
  manifest.version = version;
  if (browser === 'firefox') {
    manifest.background = { scripts: ['background.js'] };
    manifest.browser_specific_settings = { gecko: { id: GECKO_ID, strict_min_version: '128.0' } };
  }
  return manifest;
}

async function buildBrowser(browser, manifest) {
  const out = path.join(dist, browser);
  await rm(out, { recursive: true, force: true });
  await mkdir(out, { recursive: true });
  await build({ ...common, entryPoints: entries, outdir: out });
  await Promise.all(staticFiles.map((file) => cp(path.join(root, file), path.join(out, path.basename(file)))));
  await writeFile(path.join(out, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  return out;
}

async function buildHarness() {
  // The real popup and background handlers with the browser seam swapped for an in-page
  // fake, so the Firefox tests (which cannot open moz-extension:// pages) can render the
  // popup. Written to dist/harness/, never into an extension.
  const out = path.join(dist, 'harness');
  const seam = path.join(root, 'src/shared/browser.ts');
  await rm(out, { recursive: true, force: true });
  await build({
    ...common,
    format: 'esm',
    entryPoints: { popup: 'tests/support/harness-entry.ts' },
    outdir: out,
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
  });
  await cp(path.join(root, 'assets/popup.css'), path.join(out, 'popup.css'));
  const html = await readFile(path.join(root, 'assets/popup.html'), 'utf8');
  await writeFile(path.join(out, 'popup.html'), html.replace('<script src="popup.js">', '<script type="module" src="popup.js">'));
}

const pkg = JSON.parse(await readFile(path.join(root, 'package.json'), 'utf8'));
const source = JSON.parse(await readFile(path.join(root, 'manifest.json'), 'utf8'));
for (const browser of ['chrome', 'firefox']) {
  const out = await buildBrowser(browser, manifestFor(browser, source, pkg.version));
  const sizes = await Promise.all(
    Object.keys(entries).map(async (name) => `${name}.js ${((await stat(path.join(out, `${name}.js`))).size / 1024).toFixed(1)} kB`),
  );
  console.log(`dist/${browser}: ${sizes.join(', ')}${production ? '' : ' (development)'}`);
}
if (harness) await buildHarness();
