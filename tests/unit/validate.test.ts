import { describe, expect, it } from 'vitest';
import { assertAnnotation, isAnnotation, isId, isString, isUrl, object } from '../../src/shared/validate';
import { makeAnnotation } from './make-annotation';

/** A well-formed annotation as it would arrive over a message: plain JSON, no types. */
function wire(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { ...JSON.parse(JSON.stringify(makeAnnotation({ start: 10 }))), ...overrides };
}

describe('isAnnotation', () => {
  it('accepts an annotation as the content script makes it', () => {
    expect(isAnnotation(wire())).toBeUndefined();
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['an id with a slash', { id: '../../etc/passwd' }, 'id: expected an annotation id'],
    ['a too-short id', { id: 'abc' }, 'id: expected an annotation id'],
    ['a javascript: URL', { url: 'javascript:alert(1)' }, 'url: expected an http(s) or file URL'],
    ['a URL that is not a string', { url: 42 }, 'url: expected a string'],
    ['an unknown colour', { color: 'red' }, 'color: unknown colour'],
    ['a note that is not a string', { note: null }, 'note: expected a string'],
    ['an empty tag', { tags: [''] }, 'tags: expected tags of 1 to 100 characters'],
    ['tags that are not a list', { tags: 'a,b' }, 'tags: expected at most 100 tags'],
    ['a creation date that is not a date', { createdAt: 'yesterday-ish' }, 'createdAt: expected an ISO date'],
    ['a missing update date', { updatedAt: undefined }, 'updatedAt: expected an ISO date'],
    ['a target without selectors', { target: { selector: [] } }, 'target: selector: expected 1 to 8 selectors'],
    ['a target that is a string', { target: 'p:nth-child(2)' }, 'target: expected an object'],
  ])('rejects %s, naming the field', (_what, overrides, message) => {
    expect(isAnnotation(wire(overrides))).toBe(message);
  });

  it('requires a quote among the selectors: a bare position cannot be re-anchored', () => {
    const positionOnly = wire({ target: { selector: [{ type: 'TextPositionSelector', start: 0, end: 4 }] } });
    expect(isAnnotation(positionOnly)).toBe('target: selector: a TextQuoteSelector is required');
  });

  it('rejects a position that ends before it starts, or is not a whole number', () => {
    const quote = { type: 'TextQuoteSelector', exact: 'x', prefix: '', suffix: '' };
    const backwards = wire({ target: { selector: [quote, { type: 'TextPositionSelector', start: 9, end: 3 }] } });
    expect(isAnnotation(backwards)).toBe('target: selector: start after end');
    const fractional = wire({ target: { selector: [quote, { type: 'TextPositionSelector', start: 1.5, end: 3 }] } });
    expect(isAnnotation(fractional)).toBe('target: selector: start: expected a whole number');
    const negative = wire({ target: { selector: [quote, { type: 'TextPositionSelector', start: -1, end: 3 }] } });
    expect(isAnnotation(negative)).toBe('target: selector: start: expected a whole number');
  });

  it('accepts a DOM range selector and rejects a malformed one', () => {
    const quote = { type: 'TextQuoteSelector', exact: 'x', prefix: '', suffix: '' };
    const dom = {
      type: 'marginalia:DomRangeSelector',
      start: [3, 0],
      startOffset: 2,
      end: [4],
      endOffset: 0,
      check: 7,
    };
    expect(isAnnotation(wire({ target: { selector: [quote, dom] } }))).toBeUndefined();
    for (const broken of [{ start: [-1] }, { start: 'body > p' }, { endOffset: 1.5 }, { check: 2 ** 32 }]) {
      expect(isAnnotation(wire({ target: { selector: [quote, { ...dom, ...broken }] } }))).toBe(
        'target: selector: expected a well-formed DOM range selector',
      );
    }
  });

  it('rejects an unknown selector type and a quote without context fields', () => {
    expect(isAnnotation(wire({ target: { selector: [{ type: 'CssSelector', value: 'p' }] } }))).toBe(
      'target: selector: unknown selector type',
    );
    expect(isAnnotation(wire({ target: { selector: [{ type: 'TextQuoteSelector', exact: 'x' }] } }))).toBe(
      'target: selector: prefix: expected a string',
    );
  });

  it('rejects more than eight selectors and more than 100 tags', () => {
    const quote = { type: 'TextQuoteSelector', exact: 'x', prefix: '', suffix: '' };
    expect(isAnnotation(wire({ target: { selector: Array(9).fill(quote) } }))).toBe(
      'target: selector: expected 1 to 8 selectors',
    );
    expect(isAnnotation(wire({ tags: Array(101).fill('t') }))).toBe('tags: expected at most 100 tags');
  });

  it.each([null, undefined, 'annotation', 42, ['id']])('rejects %j, which is not an object', (value) => {
    expect(isAnnotation(value)).toBe('expected an object');
  });

  it('assertAnnotation throws the same message', () => {
    expect(() => assertAnnotation(wire({ color: 'red' }))).toThrow('color: unknown colour');
    expect(() => assertAnnotation(wire())).not.toThrow();
  });
});

describe('field checks', () => {
  it('isString bounds the length', () => {
    expect(isString(3)('abc')).toBeUndefined();
    expect(isString(3)('abcd')).toBe('longer than 3 characters');
    expect(isString(3)(3)).toBe('expected a string');
  });

  it('isUrl accepts http(s) and file URLs of up to 65,536 characters', () => {
    expect(isUrl('https://a.example/')).toBeUndefined();
    expect(isUrl('HTTP://a.example/')).toBeUndefined();
    expect(isUrl('file:///home/me/a.html')).toBeUndefined();
    const longest = `https://a.example/${'x'.repeat(65_536 - 'https://a.example/'.length)}`;
    expect(isUrl(longest)).toBeUndefined();
    expect(isUrl(`${longest}x`)).toBe('longer than 65536 characters');
    expect(isUrl('ftp://a.example/')).toBe('expected an http(s) or file URL');
    expect(isUrl(`https://a.example/${'x'.repeat(65_520)}`)).toBe('longer than 65536 characters');
  });

  it('isId accepts UUIDs and refuses anything that could smuggle other characters', () => {
    expect(isId('3f2504e0-4f89-41d3-9a0c-0305e82c3301')).toBeUndefined();
    expect(isId('3f2504e0 4f89')).toBe('expected an annotation id');
    expect(isId('x'.repeat(65))).toBe('expected an annotation id');
  });

  it('object reports the first failing field by name, and ignores extra fields', () => {
    const check = object({ a: isString(5), b: isString(5) });
    expect(check({ a: 'ok', b: 7 })).toBe('b: expected a string');
    expect(check({ a: 'ok', b: 'ok', extra: 1 })).toBeUndefined();
    expect(check([])).toBe('expected an object');
  });
});
