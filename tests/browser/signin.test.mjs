// Signing in and out of the console, in a real browser.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { demo, launch, at, freshPage, signIn, fillSignIn, casePath } from './support/harness.mjs';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

test('the sign-in page loads in Dutch and in English, with its form', { timeout: 90_000 }, async () => {
  const { context, page } = await freshPage(browser);
  for (const lang of ['nl', 'en']) {
    const response = await page.goto(at(`/console/login?lang=${lang}`));
    assert.equal(response.status(), 200);
    assert.equal(await page.locator('html').getAttribute('lang'), lang);
    const form = page.getByTestId('login-form');
    await form.locator('input[name=username]').waitFor();
    assert.equal(await form.locator('input[name=password]').getAttribute('type'), 'password');
    assert.equal(await page.getByTestId('login-submit').count(), 1);
  }
  await context.close();
});

test('a wrong password is refused with a message, and no page opens', { timeout: 90_000 }, async () => {
  const { context, page } = await freshPage(browser);
  await page.goto(at('/console/login'));
  await fillSignIn(page, demo.viewer, 'not the password at all');
  await page.getByTestId('login-error').waitFor();
  assert.match(new URL(page.url()).pathname, /^\/console\/login/);
  const inbox = await page.goto(at('/console/'));
  assert.match(new URL(page.url()).pathname, /^\/console\/login/, `status ${inbox.status()}`);
  await context.close();
});

test('an officer signs in and sees the inbox with its counts and the demo cases', { timeout: 90_000 }, async () => {
  const { context, page } = await signIn(browser, demo.officer);
  assert.equal(new URL(page.url()).pathname, '/console/');
  for (const id of ['count-open', 'count-due-week', 'count-overdue', 'count-triage']) {
    const text = (await page.getByTestId(id).innerText()).trim();
    assert.match(text, /\d+/, `${id} shows a number: ${text}`);
  }
  const triage = Number((await page.getByTestId('count-triage').innerText()).match(/\d+/)[0]);
  const shown = await page.getByTestId('case-row').evaluateAll((rows) => rows.map((r) => r.dataset.reference));
  // Cases no other test closes (the files run one after another, in any order).
  for (const reference of [demo.cases.planned, demo.cases.viewer, demo.cases.extend]) {
    assert.ok(shown.includes(reference), `${reference} in the inbox: ${shown}`);
  }
  // Through the navigation, as a person goes there.
  await page.getByTestId('nav').locator('a[href^="/console/triage"]').click();
  await page.waitForURL((u) => u.pathname === '/console/triage');
  assert.equal(await page.getByTestId('triage-row').count(), triage, 'the triage count is the letters in triage');
  assert.match(await page.getByTestId('account').innerText(), new RegExp(`^${demo.officer}\\b`), 'the account is named');
  await context.close();
});

test('a page asked for without a session leads to sign-in, and back to that page after', { timeout: 90_000 }, async () => {
  const { context, page } = await freshPage(browser);
  await page.goto(at(casePath(demo.cases.planned)));
  const url = new URL(page.url());
  assert.equal(url.pathname, '/console/login');
  assert.ok(url.searchParams.get('next')?.includes(demo.cases.planned), `next names the case: ${url}`);
  await fillSignIn(page, demo.officer);
  await page.waitForURL((u) => u.pathname === casePath(demo.cases.planned));
  await page.getByTestId('case-state').waitFor();
  await context.close();
});

test('signing out ends the session', { timeout: 90_000 }, async () => {
  const { context, page } = await signIn(browser, demo.officer);
  await page.getByTestId('signout').locator('[type=submit], button').first().click();
  await page.waitForURL((u) => u.pathname.startsWith('/console/login'));
  await page.goto(at('/console/'));
  assert.match(new URL(page.url()).pathname, /^\/console\/login/);
  await context.close();
});

test('a person signs in with the keyboard alone', { timeout: 90_000 }, async () => {
  const { context, page } = await freshPage(browser);
  await page.goto(at('/console/login'));
  // Tab from the top of the page to the name field (a few links may come first).
  for (let presses = 0; presses < 15; presses++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate(() => document.activeElement?.getAttribute('name') === 'username')) break;
  }
  assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('name')), 'username');
  await page.keyboard.type(demo.officer);
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('name')), 'password');
  await page.keyboard.type(demo.password);
  await page.keyboard.press('Enter');
  await page.waitForURL((u) => u.pathname === '/console/');
  await page.getByTestId('nav').waitFor();
  await context.close();
});

test('the language chosen stays for the pages after it', { timeout: 90_000 }, async () => {
  const { context, page } = await signIn(browser, demo.officer);
  for (const lang of ['en', 'nl']) {
    await page.goto(at(`/console/?lang=${lang}`));
    assert.equal(await page.locator('html').getAttribute('lang'), lang);
    await page.goto(at('/console/triage'));
    assert.equal(await page.locator('html').getAttribute('lang'), lang, 'kept without ?lang');
    const other = lang === 'en' ? 'lang-nl' : 'lang-en';
    assert.equal(await page.getByTestId(other).count(), 1, 'a link to the other language');
  }
  await context.close();
});
