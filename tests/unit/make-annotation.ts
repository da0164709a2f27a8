import type { Annotation, Selector } from '../../src/shared/types';

/** A well-formed annotation for `url`; pass a quote and position to place it, and any overrides. */
export function makeAnnotation(overrides: Partial<Annotation> & { quote?: string; start?: number } = {}): Annotation {
  const { quote = 'a quoted passage', start, ...rest } = overrides;
  const selector: Selector[] = [{ type: 'TextQuoteSelector', exact: quote, prefix: '', suffix: '' }];
  if (start !== undefined) selector.push({ type: 'TextPositionSelector', start, end: start + quote.length });
  return {
    id: 'a0000000-0000-4000-8000-000000000001',
    url: 'https://a.example/article',
    target: { selector },
    color: 'yellow',
    note: '',
    tags: [],
    createdAt: '2025-01-01T10:00:00.000Z',
    updatedAt: '2025-01-01T10:00:00.000Z',
    ...rest,
  };
}
