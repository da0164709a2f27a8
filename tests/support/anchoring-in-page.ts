/**
 * Our own anchoring code (src/anchoring), bundled for a page's main world, so that test code
 * can describe passages of a fixture page exactly as the content script does (the same text
 * index, the same selectors) without a reader selecting each one.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import type { Page } from 'puppeteer-core';
import type * as Anchoring from '../../src/anchoring';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
let bundled: Promise<string> | undefined;

/** What installAnchoring puts on the page's `globalThis`. */
export type AnchoringGlobal = { marginaliaAnchoring: typeof Anchoring };

/** Puts src/anchoring on the page's `globalThis.marginaliaAnchoring` (main world; test code only). */
export async function installAnchoring(page: Page): Promise<void> {
  bundled ??= build({
    stdin: { contents: "export * from './src/anchoring';", resolveDir: root, loader: 'ts' },
    bundle: true,
    format: 'iife',
    globalName: 'marginaliaAnchoring',
    target: 'es2022',
    write: false,
  }).then((result) => result.outputFiles[0]!.text);
  await page.evaluate(await bundled);
}
