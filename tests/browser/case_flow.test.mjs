// The officer's whole way through a demo case in a real browser: open it
// from the inbox, choose the child for the guardian with two children, look
// at the plan, approve it, send the answer, and find it in the outbox.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { demo, at, casePath, until, untilState, flashAfterAction, signedIn } from './support/harness.mjs';
import { mailsOf } from './support/outbox.mjs';

const reference = demo.cases.choose;
/** A sentence the officer adds to the drafted letter. */
const ADDED = 'Met vriendelijke groet van de functionaris, die deze zin zelf toevoegde.';

/** A mail's text with quoted-printable soft line breaks and codes undone. */
function unfold(raw) {
  const text = raw.replace(/=\r?\n/g, '');
  return text.replace(/(?:=[0-9A-F]{2})+/g, (codes) =>
    Buffer.from(codes.split('=').slice(1).map((h) => parseInt(h, 16))).toString('utf8'),
  );
}
const session = signedIn(demo.officer);

test('an officer takes the guardian with two children from choice to answer', { timeout: 360_000 }, async (t) => {
  const { page } = session;

  await t.test('the officer opens the demo case from the inbox', async () => {
    await page.goto(at('/console/'));
    const row = page.locator(`[data-testid=case-row][data-reference="${reference}"]`);
    await row.locator(`a[href$="${casePath(reference)}"]`).first().click();
    await page.waitForURL((u) => u.pathname === casePath(reference));
    assert.equal(await page.getByTestId('case-state').getAttribute('data-state'), 'awaiting_identity');
    const messages = await page.getByTestId('messages').innerText();
    assert.match(messages, /inzage/i, 'the original e-mail is shown');
  });

  await t.test('the officer chooses the child the guardian means', async () => {
    const form = page.getByTestId('choose-person');
    const radios = form.locator('input[type=radio][name=person]');
    assert.ok((await radios.count()) >= 2, 'both children are offered');
    const child = form.locator(`input[type=radio][name=person][value="${demo.cases.chooseKey}"]`);
    const label = await child.evaluate((input) => (input.labels?.[0] ?? input.closest('label'))?.innerText ?? '');
    assert.ok(
      label.includes(demo.cases.chooseName),
      `the choice is labelled with the child's name: ${label}`,
    );
    await child.check();
    const reason = form.locator('[name=reason]');
    if (await reason.count()) await reason.fill('De moeder noemde haar dochter in een telefoongesprek.');
    await page.getByTestId('choose-submit').click();
    await flashAfterAction(page);
  });

  await t.test('the plan appears once identity is verified, per system and with a fingerprint', async () => {
    await untilState(page, reference, 'awaiting_approval');
    const plan = page.getByTestId('plan');
    await until('the plan is on the page', async () => {
      await page.goto(at(casePath(reference)));
      return (await page.getByTestId('approve-form').count()) > 0;
    });
    const text = await plan.innerText();
    assert.match(text, /sql/, `the plan names the pupil administration's system:\n${text}`);
    // The hidden field that ties the approval to the plan shown.
    const fingerprint = await page.getByTestId('approve-form').locator('input[type=hidden][name=plan]').inputValue();
    assert.ok(fingerprint.length >= 8, `the approval carries the plan's fingerprint: ${fingerprint}`);
  });

  await t.test('the officer approves the plan and the daemon carries it out', async () => {
    await page.getByTestId('approve-submit').first().click();
    await flashAfterAction(page);
    await untilState(page, reference, ['executing', 'answered']);
    await until('the drafted letter can be sent', async () => {
      await page.goto(at(casePath(reference)));
      return (await page.getByTestId('send-submit').count()) > 0;
    });
    const letter = await page.getByTestId('letter').innerText();
    assert.ok(letter.trim().length > 0, 'the letter is previewed');
  });

  await t.test('the officer edits the letter before it is sent, and the preview shows it', async () => {
    const form = page.getByTestId('letter-form');
    const body = form.locator('textarea[name=body]');
    await body.fill(`${await body.inputValue()}\n\n${ADDED}\n`);
    await page.getByTestId('letter-submit').click();
    await flashAfterAction(page);
    assert.ok((await page.getByTestId('letter-preview').innerText()).includes(ADDED), 'the preview has the sentence');
  });

  await t.test('the officer sends the answer and it is in the outbox', async () => {
    await page.getByTestId('send-submit').click();
    await flashAfterAction(page);
    const answers = await until('the answer is written to the outbox folder', () => {
      const found = mailsOf(reference, 'answer');
      return found.length ? found : null;
    });
    assert.match(answers[0], /marieke\.vandijkhuizen@example\.net/i, 'to the guardian');
    assert.ok(unfold(answers[0]).includes(ADDED), 'the answer sent is the letter as edited');
    await until('the case page lists the answer in its outbox section', async () => {
      await page.goto(at(casePath(reference)));
      return (await page.locator('[data-testid=outbox-mail][data-kind=answer]').count()) === 1;
    });
    await untilState(page, reference, 'answered');
  });
});
