// Triage in a real browser: a letter dsrd took for no request is made a
// case of a type; a script tag in a letter is shown as text and never runs.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { demo, at, casePath, flashAfterAction, signedIn } from './support/harness.mjs';

const session = signedIn(demo.officer);

/** The triage row of `reference` on the triage page. */
function row(page, reference) {
  return page.locator(`[data-testid=triage-row][data-reference="${reference}"]`);
}

test('an officer reclassifies a letter in triage as an access request', { timeout: 180_000 }, async () => {
  const { page } = session;
  const reference = demo.cases.triage;
  await page.goto(at('/console/triage'));
  const form = row(page, reference).getByTestId('reclassify-form');
  const type = form.locator('[name=type]');
  if ((await type.evaluate((el) => el.tagName)) === 'SELECT') await type.selectOption('access');
  else await form.locator('input[name=type][value=access]').check();
  await form.getByTestId('reclassify-submit').click();
  await flashAfterAction(page);

  await page.goto(at('/console/triage'));
  assert.equal(await row(page, reference).count(), 0, 'the letter left triage');
  await page.goto(at(casePath(reference)));
  const state = await page.getByTestId('case-state').getAttribute('data-state');
  assert.notEqual(state, 'needs_triage');
  const classification = await page.getByTestId('classification').innerText();
  assert.match(classification, /inzage|access/i, classification);
});

test('a script tag in a letter is shown as text in triage and on the case page, and never runs', { timeout: 90_000 }, async () => {
  const { page } = session;
  const reference = demo.cases.script;
  for (const path of ['/console/triage', casePath(reference)]) {
    await page.goto(at(path));
    const text = await page.locator('body').innerText();
    assert.ok(text.includes('<script>window.__dsrdXss=1</script>'), `the subject as text on ${path}`);
    if (path !== '/console/triage') {
      assert.ok(text.includes('<script>window.__dsrdXss=2</script>'), `the body as text on ${path}`);
    }
    assert.equal(await page.evaluate(() => window.__dsrdXss), undefined, `no script ran on ${path}`);
  }
});

test('an officer closes a letter in triage as no request, and triage is then empty', { timeout: 90_000 }, async () => {
  const { page } = session;
  const reference = demo.cases.script;
  await page.goto(at('/console/triage'));
  await row(page, reference).getByTestId('close-submit').click();
  await flashAfterAction(page);
  assert.equal(await row(page, reference).count(), 0, 'the letter left triage');
  await page.getByTestId('no-triage').waitFor();
  await page.goto(at(casePath(reference)));
  assert.equal(await page.getByTestId('case-state').getAttribute('data-state'), 'closed');
});
