// The narrative paragraph's check: accepted only when every task it names is one of the summary's,
// every number is one of its counts and every date one of its dates; a paragraph naming a task that
// is not in the list, or saying a count the summary does not give, is refused with why.
import assert from 'node:assert/strict';
import type { NarrativeFacts } from '../../../../src/core/tasks/summary/narrativeFacts';
import { MAX_NARRATIVE_CHARS } from '../../../../src/core/tasks/summary/narrativeSchema';
import { validateNarrative } from '../../../../src/core/tasks/summary/validateNarrative';

const FACTS: NarrativeFacts = {
  firstDay: '2026-03-04',
  lastDay: '2026-03-10',
  days: 7,
  counts: { done: 2, resolved: 1, added: 1, overdue: 1, dueNext: 1 },
  tasks: [
    { key: 't1', section: 'done', title: 'Ship the exporter', tag: 'export', priority: 'high' },
    { key: 't2', section: 'done', title: 'Upgrade to Node 22', tag: 'export' },
    { key: 't3', section: 'resolved', title: 'Drop IE11 polyfills', tag: 'build' },
    { key: 't4', section: 'added', title: 'Write the release notes', tag: 'docs' },
    { key: 't5', section: 'overdue', title: 'Renew the certificate', tag: 'ops', due: '2026-03-07', priority: 'high' },
    { key: 't6', section: 'dueNext', title: 'Pay the invoice', due: '2026-03-12T15:00' },
  ],
};

const check = (paragraph: unknown, tasks: unknown = []) => validateNarrative({ paragraph, tasks }, FACTS);

function refused(verdict: ReturnType<typeof validateNarrative>, why: RegExp): void {
  assert.equal(verdict.ok, false, JSON.stringify(verdict));
  if (!verdict.ok) assert.match(verdict.reason, why);
}

describe('summaries: the narrative paragraph\'s check', () => {
  it('accepts a paragraph whose quoted tasks, numbers and dates are all the summary\'s', () => {
    const v = check('Two tasks were done this week, "Ship the exporter" among them, and "Drop IE11 polyfills" left the code. "Renew the certificate" is overdue since 2026-03-07; "Pay the invoice" is due 2026-03-12 15:00.', ['t1', 't3', 't5', 't6']);
    assert.ok(v.ok, JSON.stringify(v));
    assert.deepEqual(v.keys, ['t1', 't3', 't5', 't6']);
  });

  it('refuses a paragraph naming a task that is not in the summary, even when its list is right', () => {
    refused(check('"Ship the exporter" and "Deploy to Mars" were done.', ['t1']), /names "Deploy to Mars", which is not a task in the summary/);
    refused(check('“Migrate the database” is overdue.', []), /names "Migrate the database"/);
  });

  it('refuses a list naming a key that was not given', () => {
    refused(check('"Ship the exporter" was done.', ['t1', 't9']), /lists "t9", which is not one of the summary's tasks/);
  });

  it('refuses a count the summary does not give, in digits or in words', () => {
    refused(check('4 tasks were done, "Ship the exporter" among them.', ['t1']), /says 4, which is none of the summary's counts/);
    refused(check('Five tasks were done, "Ship the exporter" among them.', ['t1']), /says "Five"/);
    // Done and resolved together (3), every task (6), the period's days (7) are counts.
    assert.ok(check('Three tasks were closed in 7 days, "Ship the exporter" among them.', ['t1']).ok);
  });

  it('refuses a date or a time that is neither the period\'s nor a listed task\'s due', () => {
    refused(check('"Pay the invoice" is due 2026-03-13.', ['t6']), /gives 2026-03-13/);
    refused(check('"Pay the invoice" is due at 16:00.', ['t6']), /gives 16:00/);
  });

  it('does not read a title\'s own digits as a count, quoted or named as listed', () => {
    assert.ok(check('"Upgrade to Node 22" was done.', ['t2']).ok);
    const plain = check('Upgrade to Node 22 was done.', ['t2']);
    assert.ok(plain.ok, JSON.stringify(plain));
    assert.deepEqual(plain.keys, ['t2']);
  });

  it('drops a listed task the text does not name, and refuses a paragraph that names none', () => {
    const v = check('"Ship the exporter" was done.', ['t1', 't4']);
    assert.ok(v.ok);
    assert.deepEqual(v.keys, ['t1']);
    refused(check('Once upon a time, there was a little girl named Lily.', ['t4']), /names none of the summary's tasks/);
  });

  it('refuses a key written in the text, where a title belongs', () => {
    refused(check('"Ship the exporter" (t1) was done.', ['t1']), /writes the key t1 in the text/);
  });

  it('cuts an over-long paragraph after its last whole sentence, and refuses one with no sentence that fits', () => {
    const first = '"Ship the exporter" was done.';
    const v = check(`${first} ${'And then a very long second sentence '.repeat(20)}.`, ['t1']);
    assert.ok(v.ok);
    assert.equal(v.paragraph, first);
    refused(check(`"Ship the exporter" ${'and more '.repeat(60)}`, ['t1']), new RegExp(`over ${MAX_NARRATIVE_CHARS} characters`));
  });

  it('refuses what is not {paragraph, tasks} and an empty paragraph', () => {
    refused(validateNarrative('Once upon a time', FACTS), /no "paragraph"/);
    refused(validateNarrative({ paragraph: 'x' }, FACTS), /no "tasks" list/);
    refused(check('   ', []), /paragraph is empty/);
  });
});
