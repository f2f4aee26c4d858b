// Screenshots for a person to look at: the inbox, a case page with its
// plan, and the at-a-glance page, in Dutch and in English, full page, as PNG
// in the folder the README names (target/console-screenshots/ by default);
// and the same pages at a tablet's width, which must not scroll sideways.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { demo, at, casePath, signedIn } from './support/harness.mjs';

/** A tablet held upright (CSS pixels). */
const TABLET = { width: 820, height: 1180 };

/** What is photographed: a file name and the page. */
const PAGES = [
  { name: 'inbox', path: '/console/', ready: 'case-row' },
  { name: 'case-with-plan', path: casePath(demo.cases.planned), ready: 'plan' },
  { name: 'glance', path: '/console/glance', ready: 'chart-month' },
];

const session = signedIn(demo.officer);

for (const lang of ['nl', 'en']) {
  for (const { name, path, ready } of PAGES) {
    test(`the ${name} page is photographed in ${lang === 'nl' ? 'Dutch' : 'English'}`, { timeout: 90_000 }, async () => {
      const { page } = session;
      await page.goto(at(`${path}?lang=${lang}`));
      assert.equal(await page.locator('html').getAttribute('lang'), lang);
      await page.getByTestId(ready).first().waitFor();
      const file = join(demo.screenshots, `${name}-${lang}.png`);
      await page.screenshot({ path: file, fullPage: true });
      assert.ok(statSync(file).size > 10_000, `${file} holds a picture`);
    });
  }
}

test('the pages fit a tablet held upright, without scrolling sideways', { timeout: 90_000 }, async () => {
  const { page } = session;
  await page.setViewportSize(TABLET);
  try {
    for (const { name, path, ready } of PAGES) {
      await page.goto(at(`${path}?lang=nl`));
      await page.getByTestId(ready).first().waitFor();
      await page.screenshot({ path: join(demo.screenshots, `${name}-tablet-nl.png`), fullPage: true });
      const { scroll, width } = await page.evaluate(() => ({
        scroll: document.documentElement.scrollWidth,
        width: window.innerWidth,
      }));
      assert.ok(scroll <= width, `${name} is ${scroll} px wide on a ${width} px tablet`);
    }
    // The inbox's table itself fits its wrapper, and each reference stays
    // on one line.
    await page.goto(at('/console/?lang=nl'));
    await page.getByTestId('case-row').first().waitFor();
    const inbox = await page.evaluate(() => {
      const wrapper = document.querySelector('table.cases').parentElement;
      const refs = [...document.querySelectorAll('[data-testid=case-row] th a')];
      const line = parseFloat(getComputedStyle(refs[0]).lineHeight) || 24;
      return {
        scroll: wrapper.scrollWidth,
        width: wrapper.clientWidth,
        wrapped: refs.filter((a) => a.getClientRects().length > 1 || a.getBoundingClientRect().height > line * 1.5).map((a) => a.textContent),
      };
    });
    assert.ok(inbox.scroll <= inbox.width, `the inbox table is ${inbox.scroll} px in a ${inbox.width} px wrapper`);
    assert.deepEqual(inbox.wrapped, [], 'references wrap over lines');
  } finally {
    await page.setViewportSize({ width: 1280, height: 800 });
  }
});
