import { handle } from '../shared/messages';
import { registerCommands } from './commands';
import { handlers } from './handlers';
import { registerPdfOpening } from './pdf-open';

// Registered synchronously at start-up: an MV3 service worker woken by an event must
// have its listeners in place before the event is dispatched.
handle(handlers);
registerCommands();
registerPdfOpening();
