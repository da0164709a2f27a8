import { describe, expect, it } from 'vitest';
import { DEFAULT_OPTIONS, exportOptions, migrate } from '../../src/shared/options';

describe('options: read whatever was stored, never break', () => {
  it('gives the defaults when nothing was stored', () => {
    expect(migrate(undefined)).toEqual(DEFAULT_OPTIONS);
  });

  it('keeps valid choices and fills what an older version did not store', () => {
    const stored = { defaultColor: 'blue', colorLabels: { pink: 'Question' }, exportLinks: false };
    expect(migrate(stored)).toEqual({
      ...DEFAULT_OPTIONS,
      defaultColor: 'blue',
      colorLabels: { ...DEFAULT_OPTIONS.colorLabels, pink: 'Question' },
      exportLinks: false,
    });
  });

  it('replaces damaged or unknown values with the defaults, field by field', () => {
    const stored = {
      defaultColor: 'octarine',
      colorLabels: 'nope',
      exportFrontMatter: 'yes',
      privateWindows: 'always',
      exportGroupBy: 3,
    };
    expect(migrate(stored)).toEqual(DEFAULT_OPTIONS);
    expect(migrate(null)).toEqual(DEFAULT_OPTIONS);
    expect(migrate([1, 2])).toEqual(DEFAULT_OPTIONS);
  });

  it('keeps private windows off unless the reader chose to keep highlights there', () => {
    expect(DEFAULT_OPTIONS.privateWindows).toBe('ignore');
    expect(migrate({ privateWindows: 'keep' }).privateWindows).toBe('keep');
  });

  it('the Review shows 5 a day unless the reader chose 1 to 50', () => {
    expect(DEFAULT_OPTIONS.reviewPerDay).toBe(5);
    expect(migrate({ reviewPerDay: 12 }).reviewPerDay).toBe(12);
    expect(migrate({ reviewPerDay: 0 }).reviewPerDay).toBe(1);
    expect(migrate({ reviewPerDay: 500 }).reviewPerDay).toBe(50);
    expect(migrate({ reviewPerDay: 2.5 }).reviewPerDay).toBe(5);
  });

  it('margin notes and word snapping are on unless the reader turned them off', () => {
    expect(DEFAULT_OPTIONS.marginNotes).toBe(true);
    expect(DEFAULT_OPTIONS.snapToWords).toBe(true);
    expect(migrate({ marginNotes: 'no', snapToWords: 0 })).toMatchObject({ marginNotes: true, snapToWords: true });
    expect(migrate({ marginNotes: false, snapToWords: false })).toMatchObject({
      marginNotes: false,
      snapToWords: false,
    });
  });

  it('turns the export defaults into the Markdown writer’s options', () => {
    expect(exportOptions({ ...DEFAULT_OPTIONS, exportFrontMatter: false, exportGroupBy: 'color' })).toEqual({
      frontMatter: false,
      links: true,
      groupBy: 'color',
    });
  });
});
