// npm start: builds in watch mode and opens a browser with Marginalia loaded on the demo
// essay, served on 127.0.0.1; every rebuild reloads the extension and the essay.
//   npm start                 Chromium (CHROMIUM_PATH, else /usr/bin/chromium)
//   npm start -- --firefox    Firefox (FIREFOX_PATH, else /usr/bin/firefox-esr)
// Without a display it builds once and says how to load the extension and serve the essay.
import { spawn } from 'node:child_process';
import { existsSync, watch } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CHROMIUM_FLAGS, chromiumPath, firefoxPath } from './browser-paths.mjs';
import { startServer } from './fixture-server.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const firefox = process.argv.includes('--firefox');
const chromeDir = path.join(root, 'dist/chrome');
const firefoxDir = path.join(root, 'dist/firefox');

if (!process.env.DISPLAY && !process.env.WAYLAND_DISPLAY && process.platform === 'linux') {
  // No browser can be shown here: build once, say where things are, and stop.
  const built = spawn(process.execPath, [path.join(root, 'build.mjs')], { stdio: 'inherit' });
  const code = await new Promise((resolve) => built.on('exit', resolve));
  console.log(`\nBuilt ${chromeDir} and ${firefoxDir}.`);
  console.log('No display here, so no browser was opened. Load dist/chrome (chrome://extensions,');
  console.log('"Load unpacked") or dist/firefox (about:debugging, "Load Temporary Add-on") in your browser;');
  console.log('`npm run serve` serves the demo essay on http://127.0.0.1:8720/essay.html.');
  process.exit(Number(code ?? 1));
} else {
  const server = await startServer(Number(process.env.PORT ?? 8720));
  const essay = `${server.origin}/essay.html`;
  console.log(`Demo essay: ${essay}`);
  const builder = spawn(process.execPath, [path.join(root, 'build.mjs'), '--watch'], { stdio: 'inherit' });
  process.on('exit', () => builder.kill());
  const { default: puppeteer } = await import('puppeteer-core');
  // The first build must exist before the browser loads it.
  while (!existsSync(path.join(chromeDir, 'manifest.json')) || !existsSync(path.join(firefoxDir, 'manifest.json'))) {
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  const browser = firefox
    ? await puppeteer.launch({
        browser: 'firefox',
        headless: false,
        defaultViewport: null,
        executablePath: firefoxPath(),
      })
    : await puppeteer.launch({
        headless: false,
        defaultViewport: null,
        pipe: true,
        executablePath: chromiumPath(),
        enableExtensions: [chromeDir],
        args: CHROMIUM_FLAGS,
      });
  let firefoxId = firefox ? await browser.installExtension(firefoxDir) : undefined;
  const [first] = await browser.pages();
  const page = first ?? (await browser.newPage());
  await page.goto(essay);

  /** Reloads the extension after a rebuild: the service worker's runtime.reload in Chromium, reinstall in Firefox. */
  const reload = async () => {
    if (firefox) {
      if (firefoxId) await browser.uninstallExtension(firefoxId);
      firefoxId = await browser.installExtension(firefoxDir);
    } else {
      const worker = await browser.waitForTarget(
        (t) => t.type() === 'service_worker' && t.url().endsWith('/background.js'),
      );
      await (await worker.worker())?.evaluate(() => /** @type {any} */ (globalThis).chrome.runtime.reload());
    }
    await page.reload().catch(() => undefined);
    console.log('Reloaded Marginalia.');
  };
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let timer;
  watch(path.join(root, 'dist', firefox ? 'firefox' : 'chrome'), { recursive: true }, () => {
    clearTimeout(timer);
    timer = setTimeout(() => void reload().catch((e) => console.warn('Could not reload:', e.message)), 500);
  });
  browser.on('disconnected', () => server.close().then(() => process.exit(0)));
  console.log('Select a passage and choose Highlight. Edit src/ to rebuild; close the browser to stop.');
}
