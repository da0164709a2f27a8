/** Fixture pages the end-to-end tests read, and where on each a reader selects a passage. */
export interface Fixture {
  name: string;
  path: string;
  /** Elements holding running text of the article. */
  passage: string;
}

export const FIXTURES: Fixture[] = [
  { name: 'the demo essay', path: '/essay.html', passage: 'article p' },
  { name: 'Wikipedia', path: '/pages/wikipedia.html', passage: '#mw-content-text p' },
  { name: 'LWN', path: '/pages/lwn-1.html', passage: '.ArticleText p' },
  { name: 'an IETF draft (preformatted text)', path: '/pages/ietf-1.html', passage: 'pre' },
  { name: 'Medium', path: '/pages/medium-1.html', passage: 'article p' },
  { name: 'the V8 blog', path: '/pages/v8-blog.html', passage: 'article p' },
  { name: 'a right-to-left page', path: '/pages/rtl-1.html', passage: 'article p' },
  { name: 'a Chinese news page', path: '/pages/qq.html', passage: 'p' },
];
