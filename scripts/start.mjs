// Opens a browser with Marginalia loaded on the demo essay, served on 127.0.0.1:
//   npm start                 Chromium (CHROMIUM_PATH, else /usr/bin/chromium)
//   npm start -- --firefox    Firefox (FIREFOX_PATH, else /usr/bin/firefox-esr)
// Run `npm run build` first (npm start does). Without a display it says where the built
// extensions are and serves the demo essay until stopped.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer } from './fixture-server.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const firefox = process.argv.includes('--firefox');
const server = await startServer(Number(process.env.PORT ?? 8720));
const essay = `${server.origin}/essay.html`;

console.log(`Demo essay: ${essay}`);
console.log(`Extensions: ${path.join(root, 'dist/chrome')} and ${path.join(root, 'dist/firefox')}`);

if (!process.env.DISPLAY && !process.env.WAYLAND_DISPLAY && process.platform === 'linux') {
  console.log('No display here: load dist/chrome (chrome://extensions, "Load unpacked") or dist/firefox');
  console.log('(about:debugging, "Load Temporary Add-on") in your browser and open the essay above.');
  console.log('Serving until you press Ctrl+C.');
} else {
  const { default: puppeteer } = await import('puppeteer-core');
  /** @type {(env: string, candidates: string[]) => string | undefined} */
  const pick = (env, candidates) => process.env[env] ?? candidates.find((c) => existsSync(c));
  const browser = firefox
    ? await puppeteer.launch({
        browser: 'firefox',
        headless: false,
        defaultViewport: null,
        executablePath: pick('FIREFOX_PATH', ['/usr/bin/firefox-esr', '/usr/bin/firefox']),
      })
    : await puppeteer.launch({
        headless: false,
        defaultViewport: null,
        pipe: true,
        executablePath: pick('CHROMIUM_PATH', ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome']),
        enableExtensions: [path.join(root, 'dist/chrome')],
        args: ['--no-first-run', '--disable-sync', '--disable-background-networking', '--disable-component-update'],
      });
  if (firefox) await browser.installExtension(path.join(root, 'dist/firefox'));
  const [page] = await browser.pages();
  await (page ?? (await browser.newPage())).goto(essay);
  browser.on('disconnected', () => server.close().then(() => process.exit(0)));
  console.log('Select a passage and choose Highlight. Close the browser to stop.');
}
