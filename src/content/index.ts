import { Annotator } from './annotator';

// A second injection (extension reload, or a page that re-runs us) must not double up.
const marker = Symbol.for('marginalia.annotator');
const scope = globalThis as unknown as Record<symbol, Annotator | undefined>;
scope[marker]?.destroy();
const annotator = new Annotator();
scope[marker] = annotator;
annotator.load().catch((error: unknown) => console.warn('Marginalia: could not load highlights', error));
