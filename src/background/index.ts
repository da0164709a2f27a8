import { handle } from '../shared/messages';
import { handlers } from './handlers';

// Registered synchronously at start-up: an MV3 service worker woken by a message must
// have its listener in place before the first event is dispatched.
handle(handlers);
