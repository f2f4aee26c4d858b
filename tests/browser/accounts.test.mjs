// Accounts in the console: an admin adds one; the new account signs in and,
// as a viewer, sees no approve button; an officer may not manage accounts.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { demo, launch, at, signIn, casePath, flashAfterAction } from './support/harness.mjs';
import { seriousViolations, describe } from './support/axe.mjs';

const NEW = { name: 'stagiair', password: 'a long enough passphrase for a trainee' };
let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

test('an admin adds a viewer account, which then signs in and sees no approve button', { timeout: 120_000 }, async () => {
  const admin = await signIn(browser, demo.admin, { bypassCSP: true });
  const { page } = admin;
  await page.goto(at('/console/users'));
  const found = await seriousViolations(page);
  assert.equal(found.length, 0, `accounts page:\n${describe(found)}`);
  const form = page.getByTestId('add-user-form');
  await form.locator('input[name=name]').fill(NEW.name);
  await form.locator('select[name=role]').selectOption('viewer');
  await form.locator('input[name=password]').fill(NEW.password);
  await page.getByTestId('add-user-submit').click();
  await flashAfterAction(page);
  await page.locator(`[data-testid=user-row][data-name="${NEW.name}"]`).waitFor();
  await admin.context.close();

  const trainee = await signIn(browser, NEW.name, { password: NEW.password });
  await trainee.page.goto(at(casePath(demo.cases.viewer)));
  await trainee.page.getByTestId('plan').waitFor();
  assert.equal(await trainee.page.getByTestId('approve-submit').count(), 0);
  await trainee.context.close();
});

test('an officer is refused the accounts page', { timeout: 90_000 }, async () => {
  const { context, page } = await signIn(browser, demo.officer);
  const response = await page.goto(at('/console/users'));
  assert.equal(response.status(), 403);
  assert.equal(await page.getByTestId('add-user-form').count(), 0);
  await context.close();
});
