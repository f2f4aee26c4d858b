// A viewer account sees and cannot act: no approve button, and a forged
// approval sent from its own signed-in page is refused and changes nothing.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { demo, launch, at, signIn, casePath } from './support/harness.mjs';

const reference = demo.cases.viewer;
let browser;
let session;
before(async () => {
  browser = await launch();
  session = await signIn(browser, demo.viewer);
});
after(async () => {
  await session?.context.close();
  await browser?.close();
});

test('a viewer sees the plan but no approve button', { timeout: 90_000 }, async () => {
  const { page } = session;
  await page.goto(at(casePath(reference)));
  assert.equal(await page.getByTestId('case-state').getAttribute('data-state'), 'awaiting_approval');
  await page.getByTestId('plan').waitFor();
  assert.equal(await page.getByTestId('approve-form').count(), 0, 'no approve form');
  assert.equal(await page.getByTestId('approve-submit').count(), 0, 'no approve button');
});

test("a viewer's forged approval from its own page is refused with 403 and changes nothing", { timeout: 90_000 }, async () => {
  const { page } = session;
  await page.goto(at(casePath(reference)));
  // The same request an officer's approve form sends, with the right
  // fingerprint, from the viewer's own page: same origin, its cookie.
  const forged = await page.evaluate(
    async ({ path, fingerprint }) => {
      const response = await fetch(path, {
        method: 'POST',
        credentials: 'same-origin',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ plan: fingerprint }).toString(),
      });
      return { status: response.status, type: response.type };
    },
    { path: `${casePath(reference)}/plan/approve`, fingerprint: demo.cases.viewerFingerprint },
  );
  assert.equal(forged.status, 403, `refused: ${JSON.stringify(forged)}`);

  await page.goto(at(casePath(reference)));
  assert.equal(
    await page.getByTestId('case-state').getAttribute('data-state'),
    'awaiting_approval',
    'nothing changed',
  );
  const timeline = await page.getByTestId('timeline').innerText();
  assert.doesNotMatch(timeline, /goedgekeurd|approved/i, timeline);
  assert.equal(await page.locator('[data-testid=timeline-entry][data-action="plan.approved"]').count(), 0, 'no approval in the timeline');
});
