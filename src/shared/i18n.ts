import type messages from '../../_locales/en/messages.json';
import { ext } from './browser';

/** Every user-facing string has a key in _locales/en/messages.json (a type error otherwise). */
export type MessageKey = keyof typeof messages;

/** The reader's language's text for `key` (English when it has none), with $1… filled in. */
export function t(key: MessageKey, ...substitutions: (string | number)[]): string {
  return ext.message(key, substitutions.map(String)) || key;
}
