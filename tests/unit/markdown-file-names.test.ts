import { describe, expect, it } from 'vitest';
import { distinctFileNames, libraryFileName, markdownFileName } from '../../src/shared/markdown-file-names';

const bytes = (name: string) => new TextEncoder().encode(name).length;

describe('names of exported files', () => {
  it('names a page’s file after its title', () => {
    expect(markdownFileName({ title: 'My 2024 with vLLM', url: 'https://a.example/x' })).toBe('my-2024-with-vllm.md');
  });

  it('names an untitled page’s file after its address', () => {
    expect(markdownFileName({ title: ' ', url: 'https://a.example/blog/post-1?x=2' })).toBe('a-example-blog-post-1.md');
  });

  it('keeps a name within 200 bytes of UTF-8 even in scripts of four bytes a character', () => {
    const name = markdownFileName({ title: '𠀀'.repeat(100), url: 'https://a.example/' });
    expect(bytes(name)).toBeLessThanOrEqual(203);
    expect(name).toBe(`${'𠀀'.repeat(50)}.md`);
  });

  it('never makes a path', () => {
    const name = markdownFileName({ title: '../../etc/passwd', url: 'https://a.example/' });
    expect(name).not.toMatch(/[/\\]|\.\./);
  });

  it('names the library file by the day of the export', () => {
    expect(libraryFileName('2025-03-04T05:06:07.000Z')).toBe('marginalia-2025-03-04.md');
  });

  it('numbers files that would share a name, ignoring case, and leaves the first as it is', () => {
    expect(distinctFileNames(['notes.md', 'Notes.md', 'other.md', 'notes.md', 'notes-2.md'])).toEqual([
      'notes.md',
      'Notes-2.md',
      'other.md',
      'notes-3.md',
      'notes-2-2.md',
    ]);
  });
});
