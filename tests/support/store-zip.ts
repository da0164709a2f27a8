import { mkdir, mkdtemp, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { unzipSync } from 'fflate';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * The store zip `npm run package` writes for `browser` (dist/marginalia-<browser>-<version>.zip;
 * the e2e scripts build it with `node build.mjs --package`), unpacked into a new temporary
 * folder, as a store or a reader would: returns that folder. Fails when the zip is missing
 * or older than the build it was made from.
 */
export async function unpackStoreZip(browser: 'chrome' | 'firefox'): Promise<string> {
  const { version } = JSON.parse(await readFile(path.join(root, 'package.json'), 'utf8')) as { version: string };
  const zip = path.join(root, 'dist', `marginalia-${browser}-${version}.zip`);
  const built = path.join(root, 'dist', browser, 'content.js');
  if ((await stat(zip)).mtimeMs < (await stat(built)).mtimeMs) {
    throw new Error(`${zip} is older than dist/${browser}: run \`npm run package\` (or the e2e script, which does)`);
  }
  const dir = await mkdtemp(path.join(tmpdir(), `marginalia-${browser}-zip-`));
  for (const [name, bytes] of Object.entries(unzipSync(new Uint8Array(await readFile(zip))))) {
    if (name.endsWith('/')) continue;
    await mkdir(path.dirname(path.join(dir, name)), { recursive: true });
    await writeFile(path.join(dir, name), bytes);
  }
  return dir;
}
