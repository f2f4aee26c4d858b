// The demo's outbox on disk: the `files` transport writes each mail as
// `{reference}-{kind}-{id}.eml` (daemon/src/outbox/files.rs).

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { demo } from './harness.mjs';

/** The mails of `reference` of `kind` in the outbox folder, as text. */
export function mailsOf(reference, kind) {
  let names;
  try {
    names = readdirSync(demo.outbox);
  } catch {
    return [];
  }
  return names
    .filter((name) => name.startsWith(`${reference}-${kind}-`) && name.endsWith('.eml'))
    .sort()
    .map((name) => readFileSync(join(demo.outbox, name), 'utf8'));
}
