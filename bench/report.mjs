// @ts-nocheck: a template over the parsed results.json (any), checked by running it.
// Renders bench/results.json as the anchoring section of docs/benchmarks.md.

const pct = (/** @type {number} */ x) => `${(x * 100).toFixed(1)} %`;
const ms = (/** @type {number | null | undefined} */ x) => (x === null || x === undefined ? 'n/a' : x.toFixed(1));
const yes = (/** @type {boolean} */ ok) => (ok ? 'yes' : '**no**');

/** @param {any[]} rows @param {string} page @param {string} impl @param {number} n */
const pick = (rows, page, impl, n) => rows.filter((r) => r.page === page && r.impl === impl && r.n === n);

/** @param {any} r the parsed bench/results.json */
export function renderAnchoring(r) {
  const c = r.chromium;
  const n = r.config.n;
  /** Highlights against Hypothesis on `page` (fewer on the articles page, where it takes minutes). */
  const peerNOf = (/** @type {string} */ page) => r.config.peerNFor?.[page] ?? r.config.peerN;
  const names = { moby: 'Moby Dick', articles: `the ${r.config.articles} articles in one page` };
  /** @param {string} page @param {number} rate */
  const full = (page, rate) => pick(c.rows, page, 'marginalia', n).find((x) => x.editRate === rate);
  const pages = c.pages.map((/** @type {any} */ p) => p.page);
  const all = c.rows.filter((/** @type {any} */ x) => x.impl === 'marginalia' && x.n === n);
  const wrong = all.reduce((s, /** @type {any} */ x) => s + x.wrong, 0);
  const longest = Math.max(...all.map((/** @type {any} */ x) => x.longestTaskMs ?? 0));
  const overBudget = all
    .filter((/** @type {any} */ x) => (x.longestTaskMs ?? 0) > 50)
    .map(
      (/** @type {any} */ x) =>
        `${x.page} ${x.editRate * 100} %: ${ms(x.longestTaskMs)} ms (${x.longTasks} in its worst run)`,
    );
  const survival = (/** @type {number} */ rate, /** @type {number} */ goal) =>
    pages.map((/** @type {string} */ p) => ({ p, s: full(p, rate).survival, ok: full(p, rate).survival >= goal }));
  const s5 = survival(0.05, 0.995);
  const s15 = survival(0.15, 0.97);
  const moby5 = full('moby', 0.05);
  const large = c.large;
  const drawn = c.draw.map((/** @type {any} */ d) => `${d.n.toLocaleString('en')}: ${ms(d.ms)} ms`).join(', ');

  const targets = [
    '| goal | measured | holds? |',
    '|---|---|---|',
    `| 0 wrong at 0, 1, 5, 15 % edits, ${n.toLocaleString('en')} highlights, both pages | ${all.map((/** @type {any} */ x) => `${x.page} ${x.editRate * 100} %: ${x.wrong}`).join('; ')} | ${yes(wrong === 0)} |`,
    `| survival ≥ 99.5 % at 5 % (highlights whose text mostly survives) | ${s5.map((x) => `${x.p} ${pct(x.s)}`).join(', ')} | ${yes(s5.every((x) => x.ok))} |`,
    `| survival ≥ 97 % at 15 % | ${s15.map((x) => `${x.p} ${pct(x.s)}`).join(', ')} | ${yes(s15.every((x) => x.ok))} |`,
    `| no task over 50 ms while restoring (PerformanceObserver 'longtask'), any rate, any page | longest: ${ms(longest)} ms (0: none over 50 ms)${overBudget.length ? `; over 50 ms: ${overBudget.join(', ')}` : ''}${large ? `; 247k-node page: ${ms(large.unchanged.longest)} / ${ms(large.edited.longest)} ms` : ''} | ${yes(longest <= 50 && (!large || (large.unchanged.longest <= 50 && large.edited.longest <= 50)))} |`,
    `| restoring ≤ 250 ms at 5 % on Moby Dick (all ${n.toLocaleString('en')}, until the last is anchored) | ${ms(moby5.medianMs)} ms | ${yes(moby5.medianMs <= 250)} |`,
    large
      ? `| making a highlight ≤ 16 ms on the ${large.textNodes.toLocaleString('en')}-node page | ${ms(large.describeWarmMs)} ms with the page's index kept (the content script keeps it, built in slices once the reader selects); ${ms(large.describeColdMs)} ms if it must walk the page first | ${yes(large.describeWarmMs <= 16)} |`
      : '',
    `| drawing, to the painted frame (CSS Custom Highlight API) | ${drawn} | |`,
  ].filter(Boolean);

  const table = (/** @type {any[]} */ rows) =>
    [
      '| page | implementation | highlights | edits | runs | median ms | longest task ms | survival (right / mostly surviving) | wrong | missing |',
      '|---|---|---:|---:|---:|---:|---:|---:|---:|---:|',
      ...rows.map(
        (x) =>
          `| ${x.page} | ${x.impl} | ${x.n} | ${x.editRate * 100} % | ${x.runs} | ${ms(x.medianMs)} | ${ms(x.longestTaskMs)} | ${pct(x.survival)} (${Math.round(x.survival * x.survivable)} / ${x.survivable}) | ${x.wrong} | ${x.orphans} |`,
      ),
    ].join('\n');

  const ratios = pages.flatMap((/** @type {string} */ p) =>
    r.config.rates.map((/** @type {number} */ rate) => {
      const ours = pick(c.rows, p, 'marginalia', peerNOf(p)).find((x) => x.editRate === rate);
      const theirs = pick(c.rows, p, 'hypothesis', peerNOf(p)).find((x) => x.editRate === rate);
      return `| ${p} | ${rate * 100} % | ${ms(ours.medianMs)} | ${ms(theirs.medianMs)} | ${(theirs.medianMs / ours.medianMs).toFixed(1)}× | ${ours.wrong} / ${theirs.wrong} | ${pct(ours.survival)} / ${pct(theirs.survival)} |`;
    }),
  );

  const info = c.pages
    .map(
      (/** @type {any} */ p) =>
        `- **${p.page}** (${names[/** @type {'moby' | 'articles'} */ (p.page)]}): ${p.textLength.toLocaleString('en')} characters of indexed text, ${p.textNodes.toLocaleString('en')} text nodes; building the text index once: ${ms(p.indexMs)} ms.`,
    )
    .join('\n');
  const examples = c.pages.flatMap((/** @type {any} */ p) => p.wrongExamples);
  const ff = r.firefox;

  return `## Anchoring

\`npm run bench\` (bench/run.mjs, bench/in-page.ts), raw figures in \`bench/results.json\`. Run on ${r.date.slice(0, 10)} in ${r.minutes.toFixed(1)} minutes. Machine: ${r.machine}; ${c.version}${ff ? `, ${ff.version}` : ''}. **The machine was shared with other jobs** (load average ${r.loadAverage} on 2 cores when the run ended), so times are higher and noisier than on a quiet machine; counts (wrong, missing, long tasks) do not depend on it.

${info}

Highlights of 20 to 300 characters at seeded random places of the page's text (they may cross paragraphs and, on the articles page, menus and captions). Then the page is edited in place: at the given rate, words inserted, deleted and substituted inside text nodes, plus a paragraph inserted near the top and one removed (which moves every stored DOM path after it). A highlight is *right* when the anchor and its surviving characters mostly coincide, *wrong* when drawn elsewhere (or when none of its text survived), *missing* when reported not found. Survival counts right anchors among the highlights whose text mostly (at least half) survives the edits.

Marginalia runs what the content script runs: \`anchorRanges\` with the content script's \`pause\` (\`scheduler.yield()\`, else a MessageChannel macrotask), so it works in slices of about 5 ms (a search of the whole page pauses too); the time is from the start until the last highlight is anchored, pauses included. Before each timed run (Hypothesis's too) the bench collects its own garbage (\`gc()\`; it rebuilds and edits the page between runs), so that only collections of the run's own allocations fall in its tasks. The Hypothesis peer is the **real Hypothesis client code** (\`bench/peers/hypothesis-anchoring\`, BSD-2-Clause, unmodified): its own \`describe()\` made its selectors on the original page (RangeSelector with XPaths, TextPositionSelector, TextQuoteSelector) and its own \`anchor()\` restores them, one after the other as the client does. Long tasks are those \`PerformanceObserver('longtask')\` reports during a run (Chromium only; Firefox has no such entry type).

### Goals

${targets.join('\n')}

### All highlights (Marginalia, ${n.toLocaleString('en')} highlights, median of ${r.config.runs} runs)

${table(all)}

### Against the real Hypothesis client: the same highlights for both (${pages.map((/** @type {string} */ p) => `${p}: ${peerNOf(p)}`).join(', ')}), ${r.config.peerRuns} runs each, order alternated

${r.config.peerNFor?.articles ? `Fewer on the articles page (the first ${r.config.peerNFor.articles} of the same seeded highlights), where a few highlights take the real client most of its time: with 100 there, a Hypothesis run took 64 s at 5 % in Chromium (4 to 5 minutes in Firefox), which made the whole benchmark last 18 minutes; with these ${r.config.peerNFor.articles} it takes seconds, so the ratios on that page are far smaller than they would be with 100. ` : ''}${r.config.peerRowBudgetMs ? `A row stops after a run in which Hypothesis took over ${(r.config.peerRowBudgetMs / 1000).toFixed(0)} s: both sides then have that one run (the runs column says so).` : ''}

${table(c.rows.filter((/** @type {any} */ x) => x.n === peerNOf(x.page) && x.n !== n))}

| page | edits | Marginalia ms | Hypothesis ms | Hypothesis / Marginalia | wrong (M / H) | survival (M / H) |
|---|---:|---:|---:|---:|---:|---:|
${ratios.join('\n')}

${
  ff
    ? `### Firefox ESR, 5 % edits

${table(ff.rows)}
`
    : '### Firefox ESR\n\nNot run in this benchmark run.\n'
}
${
  large
    ? `### A page of ${large.textNodes.toLocaleString('en')} text nodes

Moby Dick with every second word in \`<em>\` and every seventh in \`<a>\` (issue 7's size row), ${large.n.toLocaleString('en')} highlights, medians of ${r.config.runs} runs:

| what the reader waits for | ms | longest task ms |
|---|---:|---:|
| highlights come back, page unchanged | ${ms(large.unchanged.ms)} | ${ms(large.unchanged.longest)} |
| highlights come back after 1 % edits and the paragraph edits (survival ${pct(large.edited.survival)}, wrong ${large.edited.wrong}) | ${ms(large.edited.ms)} | ${ms(large.edited.longest)} |
| building the text index once | ${ms(large.indexMs)} | |
| making one highlight, the page's index kept | ${ms(large.describeWarmMs)} | |
| making one highlight, walking the page first | ${ms(large.describeColdMs)} | |
`
    : ''
}
### Drawing

${c.draw.map((/** @type {any} */ d) => `- ${d.n.toLocaleString('en')} highlights through the CSS Custom Highlight API: ${ms(d.ms)} ms from the first \`draw\` to the frame painted with them (a macrotask queued from \`requestAnimationFrame\` runs after style, layout and paint).`).join('\n')}
- The wrapping fallback (\`<marginalia-highlight>\` elements, for browsers without the API) is no longer timed: 10,000 wrapped highlights took minutes of every run and no supported browser uses it.
${examples.length ? `\n### Wrong or missing on the unchanged page, first examples\n\n${examples.map((/** @type {string} */ e) => `- ${e}`).join('\n')}\n` : ''}`;
}
