import { relative } from 'node:path';
import type { UserConsoleLog } from 'vitest';
import type { Reporter, TestModule } from 'vitest/node';
import { skipsAskedFor } from '../../scripts/explicit-skips.mjs';

/**
 * Prints, after vitest's own summary, every test that did not run and every skip asked for
 * by an environment variable (a skipped check must be seen in the run's last lines), and
 * how many times tests did something again as a reader would (tests/support/retries.ts).
 */
export default class SkipReporter implements Reporter {
  #retries: string[] = [];

  onUserConsoleLog(log: UserConsoleLog): void {
    if (log.content.startsWith('RETRY ')) this.#retries.push(log.content.trim());
  }

  onTestRunEnd(modules: ReadonlyArray<TestModule>): void {
    console.log(
      this.#retries.length === 0
        ? '\nRetries: none (every selection brought the toolbar at once, every reload drew at once).'
        : `\nRetries: ${this.#retries.length}\n${this.#retries.join('\n')}`,
    );
    const skipped: string[] = [];
    for (const module of modules) {
      // A file that failed (a hook threw) shows its failure; its tests are not "skipped".
      if (module.state() === 'failed') continue;
      for (const test of module.children.allTests()) {
        if (test.result().state === 'skipped')
          skipped.push(`${relative(process.cwd(), module.moduleId)} › ${test.fullName}`);
      }
    }
    const asked = skipsAskedFor();
    if (skipped.length === 0 && asked.length === 0) return;
    console.log(['', ...asked, ...skipped.map((name) => `SKIPPED: ${name}`), ''].join('\n'));
  }
}
