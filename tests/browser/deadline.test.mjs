// Extending a deadline from the case page: a reason is required, the due
// date moves, and the extension notice goes to the requester.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { demo, launch, at, signIn, casePath, until, flashAfterAction } from './support/harness.mjs';
import { mailsOf } from './support/outbox.mjs';

const reference = demo.cases.extend;
let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

/** Puts `value` into the form's `by` field, a select or a text input. */
async function chooseBy(form, value) {
  const by = form.locator('[name=by]');
  if ((await by.evaluate((el) => el.tagName)) === 'SELECT') await by.selectOption(value);
  else await by.fill(value);
}

test('an officer extends a deadline with a reason, and the extension notice goes out', { timeout: 180_000 }, async () => {
  const { context, page } = await signIn(browser, demo.officer);
  await page.goto(at(casePath(reference)));
  const dueBefore = await page.getByTestId('due-date').innerText();
  assert.equal(mailsOf(reference, 'extension').length, 0, 'no notice before');

  const form = page.getByTestId('extend-form');
  await chooseBy(form, demo.cases.extendBy);
  await form.locator('textarea[name=reason]').fill(
    'Wij moeten de gegevens bij drie scholen en de evenementenorganisator opvragen.',
  );
  await page.getByTestId('extend-submit').click();
  await flashAfterAction(page);

  const dueAfter = await page.getByTestId('due-date').innerText();
  assert.ok(dueAfter > dueBefore, `the due date moved on: ${dueBefore} -> ${dueAfter}`);
  const notices = await until('the extension notice is in the outbox folder', () => {
    const found = mailsOf(reference, 'extension');
    return found.length ? found : null;
  });
  assert.equal(notices.length, 1);
  await until('the case page lists the notice in its outbox section', async () => {
    await page.goto(at(casePath(reference)));
    return (await page.locator('[data-testid=outbox-mail][data-kind=extension]').count()) === 1;
  });
  await context.close();
});
