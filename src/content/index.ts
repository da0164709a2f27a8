import { ext } from '../shared/browser';
import { loadOptions } from '../shared/options';
import { Annotator } from './annotator';

// A second injection (extension reload, or a page that re-runs us) must not double up.
const marker = Symbol.for('marginalia.annotator');
const scope = globalThis as unknown as Record<symbol, Annotator | undefined>;

async function start(): Promise<void> {
  // Private windows: unless the reader chose to keep highlights there, Marginalia neither
  // reads nor writes anything in them (and the background refuses their saves too).
  // Only there are the options read before starting: elsewhere a page pays one message.
  if (ext.inPrivateWindow() && (await loadOptions()).privateWindows !== 'keep') return;
  scope[marker]?.destroy();
  const annotator = new Annotator();
  scope[marker] = annotator;
  try {
    await annotator.load();
  } catch (error) {
    // Not a silent failure: the reader sees why their highlights are missing.
    console.warn('Marginalia: could not load highlights', error);
    annotator.tellLoadFailed(error);
  }
}

start().catch((error: unknown) => console.warn('Marginalia: could not start', error));
