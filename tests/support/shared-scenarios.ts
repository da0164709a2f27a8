import { it } from 'vitest';
import { lateArticle, nestedHighlights, revisedPage, singlePageApp } from './scenarios';
import type { Suite } from './suite';
import {
  aggressiveCss,
  deleteAndUndo,
  editorsLeftAlone,
  everyColour,
  keyboardOnly,
  noteUnseenByPage,
  syntheticEventsDoNothing,
  toolbarScreenshot,
} from './toolbar-scenarios';

/** What a reader does the same way in both browsers: one list, registered by each browser's file. */
export function readerScenarios(suite: Suite): void {
  const origin = () => suite.server().origin;

  it('an article inserted 1.5 s after load gets its highlight back', async () => {
    await lateArticle(suite.launched(), `${origin()}/late/essay.html`, 'article p');
  });

  it('in a single-page app, highlights follow the URL through pushState, Back and Forward', async () => {
    await singlePageApp(suite.launched(), origin());
  });

  it('the author revised the page (a paragraph added above, one removed, a letter fixed inside a highlight): every highlight comes back on the right words', async () => {
    await revisedPage(suite.launched(), origin());
  });

  it('a highlight inside another of another colour: both drawn, and clicking the inner one acts on it alone', async () => {
    await nestedHighlights(suite.launched(), origin());
  });
}

/** The toolbar's behaviour common to both browsers. */
export function toolbarScenarios(suite: Suite): void {
  const essay = (tag: string) => `${suite.server().origin}/essay.html?${tag}`;

  it('each colour button draws in its colour, kept after reload; Highlight then uses the last colour', async () => {
    await everyColour(suite.launched(), essay('colours'));
  });

  it('clicking a highlight offers Delete, and Undo restores it with its colour', async () => {
    const page = await deleteAndUndo(suite.launched(), essay('delete'));
    await page.close();
  });

  it('keyboard only: Tab from the selection into the toolbar, Enter highlights', async () => {
    await keyboardOnly(suite.launched(), essay('keyboard'));
  });

  it('a page that fakes the reader’s events highlights nothing', async () => {
    await syntheticEventsDoNothing(suite.launched(), `${suite.server().origin}/app/hostile.html`);
  });

  it('a page that listens to every key (capture phase) and patches attachShadow gets no character of a note typed, saved and shown', async () => {
    const { page } = await noteUnseenByPage(suite.launched(), `${suite.server().origin}/app/keylogger.html`);
    await page.close();
  });

  it('selections in a rich-text editor or a form field get no toolbar; ordinary text does', async () => {
    await editorsLeftAlone(suite.launched(), `${suite.server().origin}/app/editors.html`);
  });

  it('a page with aggressive global CSS gets the same toolbar, which works', async () => {
    await aggressiveCss(suite.launched(), `${suite.server().origin}/app/aggressive.html`);
  });

  it('screenshots of the toolbar on the essay and on Wikipedia (test-results/screenshots)', async () => {
    const origin = suite.server().origin;
    await toolbarScreenshot(suite.launched(), `${origin}/essay.html?shot`, 'article p:nth-of-type(3)', 'essay');
    await toolbarScreenshot(suite.launched(), `${origin}/pages/wikipedia.html?shot`, '#mw-content-text p', 'wikipedia');
  });
}
