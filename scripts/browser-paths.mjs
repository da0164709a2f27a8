// Where the system browsers are, and the flags Chromium needs on a closed, headless
// machine: shared by the tests, the benchmarks and npm start.
import { existsSync } from 'node:fs';

/**
 * The path in `envName`, else the first candidate that exists.
 * @param {string} envName @param {string[]} candidates
 * @returns {string}
 */
function find(envName, candidates) {
  const fromEnv = process.env[envName];
  if (fromEnv) return fromEnv;
  const found = candidates.find((candidate) => existsSync(candidate));
  if (!found) throw new Error(`No browser found: set ${envName} to its path (looked in ${candidates.join(', ')})`);
  return found;
}

export const chromiumPath = () =>
  find('CHROMIUM_PATH', ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome']);
export const firefoxPath = () => find('FIREFOX_PATH', ['/usr/bin/firefox-esr', '/usr/bin/firefox']);

/**
 * Without the background-networking flags Chromium keeps reaching for Google's servers,
 * which this machine refuses; its sandbox is refused to root (containers, CI).
 */
export const CHROMIUM_FLAGS = [
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
  ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
];
