import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type BackupPage, parseBackup, toBackup } from '../../src/shared/backup';
import { MAX_URL } from '../../src/shared/limits';
import { type Annotation, COLORS, type Selector } from '../../src/shared/types';
import { urlKey } from '../../src/shared/url-key';
import { isAnnotation } from '../../src/shared/validate';

/** Text as pages and readers write it: any Unicode, with the awkward bits made likely. */
const text = (maxLength: number) =>
  fc.oneof(
    fc.string({ unit: 'binary', maxLength }),
    fc
      .array(
        fc.constantFrom('', ' ', '\n', '"', '\\', '\u0000', '\u2028', '\uD800', '\uDC00', '😀', '<b>', '@id', 'é'),
        {
          maxLength: 6,
        },
      )
      .map((parts) => parts.join('').slice(0, maxLength)),
  );

/** ISO times as validate.ts allows them: with 3, 1 or no digits of milliseconds. */
const isoTime = fc
  .tuple(
    fc.date({ min: new Date('0001-01-01T00:00:00Z'), max: new Date('9999-12-31T23:59:59Z'), noInvalidDate: true }),
    fc.constantFrom(3, 1, 0),
  )
  .map(([date, digits]) =>
    date.toISOString().replace(/\.(\d{3})Z$/, (_m, ms: string) => (digits ? `.${ms.slice(0, digits)}Z` : 'Z')),
  );

const pageUrl = fc
  .webUrl({ withQueryParameters: true, withFragments: true })
  .map((url) => urlKey(url))
  .filter((key): key is NonNullable<typeof key> => key !== undefined && key.length <= MAX_URL);

const quoteSelector: fc.Arbitrary<Selector> = fc.record(
  {
    type: fc.constant('TextQuoteSelector' as const),
    exact: text(200),
    prefix: text(40),
    suffix: text(40),
  },
  { noNullPrototype: true },
);
const positionSelector: fc.Arbitrary<Selector> = fc
  .tuple(fc.nat(), fc.nat())
  .map(([a, b]) => ({ type: 'TextPositionSelector' as const, start: Math.min(a, b), end: Math.max(a, b) }));

const path = fc.array(fc.nat({ max: 10_000 }), { maxLength: 12 });
const domRangeSelector: fc.Arbitrary<Selector> = fc.record(
  {
    type: fc.constant('marginalia:DomRangeSelector' as const),
    start: path,
    startOffset: fc.nat({ max: 1_000_000_000 }),
    end: path,
    endOffset: fc.nat({ max: 1_000_000_000 }),
    check: fc.nat({ max: 0xffffffff }),
  },
  { noNullPrototype: true },
);

/** 1 to 8 selectors, at least one a quote, in any order. */
const selectors = fc
  .tuple(
    quoteSelector,
    fc.array(fc.oneof(quoteSelector, positionSelector, domRangeSelector), { maxLength: 7 }),
    fc.nat(),
  )
  .map(([quote, others, at]) => {
    const list = [...others];
    list.splice(at % (others.length + 1), 0, quote);
    return list;
  });

/** A calendar day as the Review writes it. */
const day = fc
  .date({ min: new Date('1000-01-01T00:00:00Z'), max: new Date('9999-12-31T00:00:00Z'), noInvalidDate: true })
  .map((date) => date.toISOString().slice(0, 10));
const review = fc.record(
  { last: day, next: fc.option(day, { nil: null }), interval: fc.nat({ max: 100_000 }) },
  { noNullPrototype: true },
);

const annotation: fc.Arbitrary<Annotation> = fc.record(
  {
    id: fc.oneof(fc.uuid(), fc.stringMatching(/^[A-Za-z0-9-]{8,64}$/)),
    url: pageUrl,
    target: fc.record({ selector: selectors }, { noNullPrototype: true }),
    color: fc.constantFrom(...COLORS),
    note: text(300),
    tags: fc.array(
      text(30).filter((tag) => tag.length > 0),
      { maxLength: 5 },
    ),
    createdAt: isoTime,
    updatedAt: isoTime,
    review,
  },
  {
    requiredKeys: ['id', 'url', 'target', 'color', 'note', 'tags', 'createdAt', 'updatedAt'],
    noNullPrototype: true,
  },
);

const page: fc.Arbitrary<BackupPage> = fc.record(
  { url: pageUrl, title: text(80), note: text(200), updatedAt: isoTime },
  { requiredKeys: ['url', 'title', 'updatedAt'], noNullPrototype: true },
);

describe('a backup gives back what was backed up', () => {
  it('every annotation field for field, and every page record, for 10,000 generated libraries', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(annotation, { selector: (a) => a.id, maxLength: 4 }),
        fc.uniqueArray(page, { selector: (p) => p.url, maxLength: 3 }),
        isoTime,
        (annotations, pages, exportedAt) => {
          for (const a of annotations) expect(isAnnotation(a)).toBeUndefined();
          const file = JSON.stringify(toBackup(pages, annotations, exportedAt));
          const restored = parseBackup(JSON.parse(file));
          expect(restored.rejected).toEqual([]);
          expect(restored.annotations).toStrictEqual(annotations);
          expect(restored.pages).toStrictEqual(pages);
          expect(restored.format).toBe('marginalia');
        },
      ),
      { numRuns: 10_000 },
    );
  });
});
