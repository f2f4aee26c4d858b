// The at-a-glance page's figures, downloaded as a person does: a click on
// the CSV link in the browser, the file saved, one line per month.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { demo, at, signedIn } from './support/harness.mjs';

const session = signedIn(demo.officer);

test('the figures on the at-a-glance page download as CSV, one line per month', { timeout: 90_000 }, async () => {
  const { page } = session;
  await page.goto(at('/console/glance'));
  await page.getByTestId('on-time').waitFor();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('figures-csv').click()]);
  assert.match(download.suggestedFilename(), /\.csv$/);
  const lines = readFileSync(await download.path(), 'utf8').trim().split(/\r?\n/);
  assert.ok(lines.length >= 2, `a header and a month at least:\n${lines.join('\n')}`);
  const header = lines[0].split(',');
  const received = header.indexOf('received');
  assert.ok(received > 0, `a column of letters received: ${lines[0]}`);
  for (const line of lines.slice(1)) assert.match(line, /^\d{4}-\d{2},/, 'each line a month');
  const total = lines.slice(1).reduce((sum, line) => sum + Number(line.split(',')[received]), 0);
  // The demo's five requests and the two letters in triage, at least.
  assert.ok(total >= 7, `the months count every letter received (${total}):\n${lines.join('\n')}`);
});
