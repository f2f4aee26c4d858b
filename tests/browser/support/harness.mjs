// The browser harness: what the Rust test (tests/e2e/console_browser.rs)
// hands over in environment variables, Debian's Chromium launched through
// playwright-core (which never downloads a browser), signing in, and a
// bounded wait for the daemon's background work.

import { before, after } from 'node:test';
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';

/** Reads one variable the Rust test sets; a person running these files by
 * hand without it is told where they are started from. */
function need(name) {
  const value = process.env[name];
  if (!value) {
    throw new Error(
      `${name} is not set: these tests are started by the Rust end-to-end test ` +
        '(cargo test -p dsrd --test e2e console_browser), which sets up a demo and a daemon for them',
    );
  }
  return value;
}

/** The running demo: where it is served, its accounts, its cases. */
export const demo = {
  url: need('DSRD_TEST_CONSOLE_URL'),
  officer: need('DSRD_TEST_OFFICER'),
  viewer: need('DSRD_TEST_VIEWER'),
  admin: need('DSRD_TEST_ADMIN'),
  password: need('DSRD_TEST_PASSWORD'),
  outbox: need('DSRD_TEST_OUTBOX'),
  screenshots: need('DSRD_TEST_SCREENSHOTS'),
  chromium: process.env.DSRD_TEST_CHROMIUM || '/usr/bin/chromium',
  cases: {
    /** The guardian with two children: the officer chooses. */
    choose: need('DSRD_TEST_CASE_CHOOSE'),
    /** The child the officer chooses there: the key the choose form sends, and the name. */
    chooseKey: need('DSRD_TEST_CHOOSE_KEY'),
    chooseName: need('DSRD_TEST_CHOOSE_NAME'),
    /** A case awaiting approval that no test changes (screenshots, axe). */
    planned: need('DSRD_TEST_CASE_PLANNED'),
    /** A case awaiting approval the viewer tries to approve. */
    viewer: need('DSRD_TEST_CASE_VIEWER'),
    /** The plan fingerprint of the viewer's case (as `dsrd cases plan` gives it). */
    viewerFingerprint: need('DSRD_TEST_CASE_VIEWER_FINGERPRINT'),
    /** An open case whose deadline is extended, and by how much (`2m`
     * under gdpr-month, weeks under the other policies). */
    extend: need('DSRD_TEST_CASE_EXTEND'),
    extendBy: need('DSRD_TEST_EXTEND_BY'),
    /** A case waiting for a code sent to the guardian: identity checked in person. */
    inPerson: need('DSRD_TEST_CASE_IN_PERSON'),
    /** A letter that is no request, in triage. */
    triage: need('DSRD_TEST_CASE_TRIAGE'),
    /** A letter in triage with a script tag in its subject and body. */
    script: need('DSRD_TEST_CASE_SCRIPT'),
  },
};

mkdirSync(demo.screenshots, { recursive: true });

/** Chromium's flags here: headless without a GPU, and no background
 * connections (the closed network refuses them and Chromium waits). */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Starts Debian's Chromium. */
export function launch() {
  return chromium.launch({ executablePath: demo.chromium, args: CHROMIUM_ARGS, headless: true });
}

/** An absolute URL on the demo's server. */
export function at(path) {
  return new URL(path, demo.url).toString();
}

/** A fresh browser context (its own cookies) at a laptop's size.
 * `bypassCSP` lets a test inject a script of its own (axe-core) into pages
 * whose Content-Security-Policy forbids every script. */
export async function freshPage(browser, { width = 1280, height = 800, bypassCSP = false } = {}) {
  const context = await browser.newContext({ viewport: { width, height }, baseURL: demo.url, bypassCSP });
  // A page of the console answers in well under this even while the whole
  // suite runs; the daemon's stages are waited for by until(), not by this.
  context.setDefaultTimeout(30_000);
  const page = await context.newPage();
  return { context, page };
}

/** Signs in through the sign-in form as a person does; returns the page,
 * now on the page the server sent it to. */
export async function signIn(browser, account, { lang, bypassCSP, password } = {}) {
  const { context, page } = await freshPage(browser, { bypassCSP });
  await page.goto(at(`/console/login${lang ? `?lang=${lang}` : ''}`));
  await fillSignIn(page, account, password);
  await page.waitForURL((url) => !url.pathname.startsWith('/console/login'));
  return { context, page };
}

/** One browser and `account`'s signed-in page shared by the tests of a
 * file: registers that file's `before` and `after` hooks and returns the
 * session, whose `browser`, `context` and `page` are there once `before`
 * has run. */
export function signedIn(account) {
  const session = {};
  before(async () => {
    session.browser = await launch();
    Object.assign(session, await signIn(session.browser, account));
  });
  after(async () => {
    await session.context?.close();
    await session.browser?.close();
  });
  return session;
}

/** Fills and sends the sign-in form on the current page. */
export async function fillSignIn(page, account, password = demo.password) {
  const form = page.getByTestId('login-form');
  await form.locator('input[name=username]').fill(account);
  await form.locator('input[name=password]').fill(password);
  await page.getByTestId('login-submit').click();
}

/** The path of a case's page. */
export function casePath(reference) {
  return `/console/cases/${reference}`;
}

/** Waits, polling at most `seconds`, until `check` returns something truthy;
 * returns it. The daemon's stages run in the background: this waits for
 * what the page shows, never for a fixed time. */
export async function until(what, check, { seconds = 120, every = 250 } = {}) {
  const deadline = Date.now() + seconds * 1000;
  let last;
  for (;;) {
    try {
      const value = await check();
      if (value) return value;
      last = value;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${seconds} s waiting until ${what} (last: ${last})`);
    }
    await new Promise((resolve) => setTimeout(resolve, every));
  }
}

/** Reloads the case page until its state is one of `states`. */
export async function untilState(page, reference, states) {
  const want = Array.isArray(states) ? states : [states];
  return until(`${reference} is ${want.join(' or ')}`, async () => {
    await page.goto(at(casePath(reference)));
    const state = await page.getByTestId('case-state').getAttribute('data-state');
    return want.includes(state) ? state : null;
  });
}

/** The flash message after an action, or the error the page shows instead
 * (which fails the test with the page's words). */
export async function flashAfterAction(page) {
  const flash = page.getByTestId('flash');
  const error = page.getByTestId('error');
  await flash.or(error).first().waitFor();
  if (await error.count()) {
    throw new Error(`the page shows an error: ${await error.first().innerText()}`);
  }
  return flash.innerText();
}
