// A form on another site, posting to the console in the officer's signed-in
// browser: the browser sends the officer's cookie along (a page on another
// port of the same host is the same "site", so SameSite=Lax lets it through),
// and the console must refuse the post with 403 and change nothing.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { demo, launch, at, signIn, casePath } from './support/harness.mjs';
import { mailsOf } from './support/outbox.mjs';

const reference = demo.cases.planned;
let browser;
let session;
let attacker;
before(async () => {
  browser = await launch();
  session = await signIn(browser, demo.officer);
  // The other site: one page whose form extends the case's deadline.
  const action = at(`${casePath(reference)}/extend`);
  const page = `<!doctype html><html lang="en"><title>Prize</title><body>
<form method="post" action="${action}">
<input type="hidden" name="by" value="${demo.cases.extendBy}">
<input type="hidden" name="reason" value="A reason the officer never gave.">
<button type="submit" id="go">Claim your prize</button></form></body></html>`;
  attacker = createServer((_, res) => res.writeHead(200, { 'content-type': 'text/html' }).end(page));
  await new Promise((resolve) => attacker.listen(0, '127.0.0.1', resolve));
});
after(async () => {
  await session?.context.close();
  await browser?.close();
  attacker?.close();
});

test("another site's form post with the officer's cookie is refused with 403 and changes nothing", { timeout: 90_000 }, async () => {
  const { page } = session;
  await page.goto(at(casePath(reference)));
  const deadline = await page.getByTestId('deadline').innerText();

  await page.goto(`http://127.0.0.1:${attacker.address().port}/`);
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith(`${casePath(reference)}/extend`)),
    page.locator('#go').click(),
  ]);
  const sent = await response.request().allHeaders();
  assert.match(sent.cookie ?? '', /dsrd_session=/, 'the browser sent the session cookie along');
  assert.equal(sent['sec-fetch-site'], 'same-site');
  assert.equal(response.status(), 403, `the console refused the post: ${response.status()}`);

  await page.goto(at(casePath(reference)));
  assert.equal(await page.getByTestId('deadline').innerText(), deadline, 'the deadline is as it was');
  assert.equal(mailsOf(reference, 'extension').length, 0, 'no extension notice');
  const timeline = await page.getByTestId('timeline').innerText();
  assert.doesNotMatch(timeline, /verlengd|extended/i, timeline);
  assert.equal(await page.locator('[data-testid=timeline-entry][data-action="case.extended"]').count(), 0, 'no extension in the timeline');
});
