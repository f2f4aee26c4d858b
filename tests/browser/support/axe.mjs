// Accessibility: axe-core from node_modules, injected into the page from the
// local file (no network), run in the same browser; violations of impact
// "serious" or "critical" fail, and are printed so a person can fix them.

import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const AXE = require.resolve('axe-core/axe.min.js');

/** The impacts that fail a page. */
const FAILING = new Set(['serious', 'critical']);

/** Runs axe on the page as it is; returns the failing violations. */
export async function seriousViolations(page) {
  await page.addScriptTag({ path: AXE });
  const violations = await page.evaluate(async () => {
    const result = await window.axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      helpUrl: v.helpUrl,
      nodes: v.nodes.map((n) => ({ target: n.target.join(' '), summary: n.failureSummary })),
    }));
  });
  return violations.filter((v) => FAILING.has(v.impact));
}

/** Words for the failures, one block per rule. */
export function describe(violations) {
  return violations
    .map(
      (v) =>
        `[${v.impact}] ${v.id}: ${v.help}\n` +
        v.nodes.map((n) => `    at ${n.target}\n      ${String(n.summary).replace(/\n/g, '\n      ')}`).join('\n'),
    )
    .join('\n');
}
