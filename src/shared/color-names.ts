import { t } from './i18n';
import type { Color } from './types';

const KEYS = {
  yellow: 'colorYellow',
  green: 'colorGreen',
  blue: 'colorBlue',
  pink: 'colorPink',
  purple: 'colorPurple',
} as const;

/** A colour's name in the reader's language (the accessible name of its buttons). */
export function colorName(color: Color): string {
  return t(KEYS[color]);
}
