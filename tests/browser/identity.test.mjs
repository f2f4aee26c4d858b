// Identity on the case page: a requester writing from an address not on
// file comes to the school with an identity document; the officer records
// the check, and the case moves on to its plan.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { demo, at, casePath, untilState, flashAfterAction, signedIn } from './support/harness.mjs';

const reference = demo.cases.inPerson;
const session = signedIn(demo.officer);

test('an officer records an identity check in person, and the case moves on to its plan', { timeout: 180_000 }, async () => {
  const { page } = session;
  await page.goto(at(casePath(reference)));
  assert.equal(await page.getByTestId('case-state').getAttribute('data-state'), 'awaiting_identity');
  const status = await page.getByTestId('identity-status').innerText();
  const form = page.getByTestId('in-person-form');
  await form.locator('select[name=document]').selectOption('passport');
  await form.locator('input[name=seen_by]').fill('de conciërge, aan de balie');
  await form.locator('textarea[name=note]').fill('Paspoort gezien; geen kopie gemaakt.');
  await page.getByTestId('in-person-submit').click();
  await flashAfterAction(page);
  assert.notEqual(await page.getByTestId('identity-status').innerText(), status, 'the identity status changed');
  await untilState(page, reference, 'awaiting_approval');
  await page.getByTestId('plan-action').first().waitFor();
});
