/**
 * YAML front matter that any YAML parser (1.1 or 1.2) reads back as exactly the strings stored.
 * Every value is a double-quoted scalar, the one YAML style with escapes for everything, so
 * no title can become a number, a date, a boolean, a comment or a second key.
 */

const NAMED: Record<string, string> = {
  '\\': '\\\\',
  '"': '\\"',
  '\0': '\\0',
  '\t': '\\t',
  '\n': '\\n',
  '\r': '\\r',
  '\u0085': '\\N', // next line: a line break to YAML 1.1
  '\u2028': '\\L',
  '\u2029': '\\P',
};

/**
 * Characters YAML does not allow raw in a scalar (controls, BOM, U+FFFE/FFFF, lone surrogates),
 * and bidirectional controls, which would reorder how the line displays in an editor.
 */
const NEEDS_ESCAPE =
  /[\\"\u0000-\u001F\u007F-\u009F\u061C\u200E\u200F\u2028\u2029\u202A-\u202E\u2066-\u2069\uFEFF\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** `value` as a YAML double-quoted scalar. */
export function yamlString(value: string): string {
  const escaped = value.replace(
    NEEDS_ESCAPE,
    (char) => NAMED[char] ?? `\\u${char.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`,
  );
  return `"${escaped}"`;
}

export type FrontMatterValue = string | readonly string[];

/** A front matter block, fields in the given order; a list is written one item a line. */
export function frontMatter(fields: ReadonlyArray<readonly [key: string, value: FrontMatterValue]>): string {
  const lines = ['---'];
  for (const [key, value] of fields) {
    if (typeof value === 'string') lines.push(`${key}: ${yamlString(value)}`);
    else if (value.length === 0) lines.push(`${key}: []`);
    else lines.push(`${key}:`, ...value.map((item) => `  - ${yamlString(item)}`));
  }
  lines.push('---');
  return lines.join('\n');
}
