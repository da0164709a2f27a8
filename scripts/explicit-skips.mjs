// The only way an end-to-end check may be skipped: an environment variable the person or CI
// running the tests sets on purpose. A check that cannot run otherwise fails, saying why.
// Run as a script (the last step of `npm test`), it repeats what was skipped, so the run's
// last lines say so.

/** @type {Record<string, string>} variable -> what is not checked when it is set */
export const EXPLICIT_SKIPS = {
  MARGINALIA_SKIP_QUOTA:
    'tests/e2e/quota.e2e.ts (a full disk: the toolbar and the popup say Marginalia ran out of space; nothing saved is lost)',
};

/** The skips asked for in this environment, as lines to print. */
export function skipsAskedFor(env = process.env) {
  return Object.entries(EXPLICIT_SKIPS)
    .filter(([name]) => env[name])
    .map(([name, what]) => `SKIPPED because ${name}=${env[name]}: ${what}`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const lines = skipsAskedFor();
  if (lines.length > 0) console.log(`\n${lines.join('\n')}\nThese checks did not run.`);
}
