import { extWindows } from '../shared/browser';
import { handle } from '../shared/messages';
import { tabLoaded, tabLoading } from './broadcast';
import { registerCommands } from './commands';
import { handlers } from './handlers';
import { registerPdfOpening } from './pdf-open';
import { startSync } from './sync/index';

// Registered synchronously at start-up: an MV3 service worker woken by an event must
// have its listeners in place before the event is dispatched.
handle(handlers);
startSync();
registerCommands();
// The side panel follows the page of the active tab (see broadcast.ts tabLoading).
extWindows.onTabStatus((tabId, status) => {
  if (status === 'loading') tabLoading(tabId);
  else if (status === 'complete') void tabLoaded(tabId);
});
registerPdfOpening();
