// Accessibility of the console's main pages: axe-core in the same browser,
// no violation of impact "serious" or "critical" (they are printed).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { demo, launch, at, freshPage, signIn, casePath } from './support/harness.mjs';
import { seriousViolations, describe } from './support/axe.mjs';

/** The signed-in pages checked, with an element that shows each is there. */
const PAGES = [
  { name: 'inbox', path: '/console/', ready: 'case-row' },
  { name: 'case', path: casePath(demo.cases.planned), ready: 'plan' },
  { name: 'triage', path: '/console/triage', ready: 'nav' },
  { name: 'at a glance', path: '/console/glance', ready: 'chart-month' },
  { name: 'restrictions', path: '/console/restrictions', ready: 'nav' },
  { name: 'audit', path: '/console/audit', ready: 'chain-status' },
];

let browser;
let session;
before(async () => {
  browser = await launch();
  // Without bypassing the console's CSP (script-src 'none') axe could not
  // be injected; the pages themselves are unchanged.
  session = await signIn(browser, demo.officer, { bypassCSP: true });
});
after(async () => {
  await session?.context.close();
  await browser?.close();
});

test('the sign-in page has no serious accessibility violation', { timeout: 90_000 }, async () => {
  const { context, page } = await freshPage(browser, { bypassCSP: true });
  await page.goto(at('/console/login'));
  await page.getByTestId('login-form').waitFor();
  const found = await seriousViolations(page);
  assert.equal(found.length, 0, `sign-in:\n${describe(found)}`);
  await context.close();
});

for (const lang of ['nl', 'en']) {
  for (const { name, path, ready } of PAGES) {
    test(`the ${name} page (${lang}) has no serious accessibility violation`, { timeout: 90_000 }, async () => {
      const { page } = session;
      await page.goto(at(`${path}?lang=${lang}`));
      await page.getByTestId(ready).first().waitFor();
      const found = await seriousViolations(page);
      assert.equal(found.length, 0, `${name} (${lang}):\n${describe(found)}`);
    });
  }
}
