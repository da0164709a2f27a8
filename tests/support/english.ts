import messages from '../../_locales/en/messages.json';

/** What browser.i18n.getMessage answers in English: $1… replaced by the substitutions. */
export function englishMessage(key: string, substitutions: string[] = []): string {
  const entry = (messages as Record<string, { message: string }>)[key];
  return entry ? entry.message.replace(/\$(\d)/g, (_, n: string) => substitutions[Number(n) - 1] ?? '') : '';
}
