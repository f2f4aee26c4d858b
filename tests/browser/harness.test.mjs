// The harness itself, apart from the console: Debian's Chromium starts
// through playwright-core and reaches the demo's daemon. When this fails,
// the browser set-up is at fault, not the console's pages.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { launch, at, freshPage } from './support/harness.mjs';

test("the harness drives Debian's Chromium to the running daemon", { timeout: 90_000 }, async () => {
  const browser = await launch();
  try {
    assert.match(browser.version(), /^\d+\./);
    const { context, page } = await freshPage(browser);
    const response = await page.goto(at('/healthz'));
    assert.equal(response.status(), 200);
    assert.equal((await page.locator('body').innerText()).trim(), 'ok');
    await context.close();
  } finally {
    await browser.close();
  }
});
