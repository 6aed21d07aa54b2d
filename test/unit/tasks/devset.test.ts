import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseLabelledTodo, scoreFields, summarize, tokenF1, type LabelledTodo } from '../../../src/core/tasks/parseAccuracy';
import { parseTaskRules } from '../../../src/core/tasks/parseTaskRules';
import { isValidDue, PRIORITIES } from '../../../src/core/tasks/task';
import { isValidTimeZone } from '../../../src/core/tasks/timeZone';

function load(file: string): LabelledTodo[] {
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map(parseLabelledTodo);
}

const DEV_SET = path.resolve(__dirname, '..', '..', 'fixtures', 'todo-devset.jsonl');
/** Labelled after the rules were written and kept out of their tuning: a check that they generalise. */
const HELD_OUT = path.resolve(__dirname, 'fixtures', 'todo-heldout.jsonl');

describe('TODO dev set', () => {
  const items = load(DEV_SET);

  it('has at least 150 well-formed, distinct entries covering every field', () => {
    assert.ok(items.length >= 150, `${items.length} entries`);
    assert.equal(new Set(items.map((i) => i.text)).size, items.length, 'duplicate texts');
    for (const i of items) {
      assert.ok(!Number.isNaN(new Date(i.now).getTime()) && /[+-]\d{2}:\d{2}$/.test(i.now), `now with offset: ${i.now}`);
      assert.ok(isValidTimeZone(i.timeZone), i.timeZone);
      if (i.expected.due !== undefined) assert.ok(isValidDue(i.expected.due), i.expected.due);
      if (i.expected.priority !== undefined) assert.ok(PRIORITIES.includes(i.expected.priority), i.expected.priority);
      assert.ok(i.expected.title.length > 0);
    }
    const count = (pick: (i: LabelledTodo) => boolean): number => items.filter(pick).length;
    assert.ok(count((i) => i.expected.due === undefined && i.expected.priority === undefined && i.expected.tags.length === 0) >= 10, 'items with no fields');
    assert.ok(count((i) => !!i.expected.due && !!i.expected.priority && i.expected.tags.length > 0 && !!i.expected.assignee) >= 5, 'items with all fields');
    assert.ok(count((i) => /T\d\d:\d\d$/.test(i.expected.due ?? '')) >= 10, 'items with times');
    assert.ok(count((i) => /[äöüßñéèàçáíóú]/i.test(i.text)) >= 15, 'items in German, Spanish or French');
  });

  it('the rules tier meets its targets on the dev set', () => {
    const rows = items.map((i) => ({ expected: i.expected, scores: scoreFields(i.expected, parseTaskRules(i.text, { now: new Date(i.now), timeZone: i.timeZone })) }));
    const r = summarize(rows);
    assert.ok(r.due >= 0.9, `due ${r.due}`);
    assert.ok(r.priority >= 0.95, `priority ${r.priority}`);
    assert.ok(r.titleF1 >= 0.9, `title F1 ${r.titleF1}`);
  });

  it('the rules tier meets the same targets on the held-out set', () => {
    const held = load(HELD_OUT);
    assert.ok(held.length >= 40);
    const rows = held.map((i) => ({ expected: i.expected, scores: scoreFields(i.expected, parseTaskRules(i.text, { now: new Date(i.now), timeZone: i.timeZone })) }));
    const r = summarize(rows);
    assert.ok(r.due >= 0.9 && r.priority >= 0.95 && r.titleF1 >= 0.9, JSON.stringify(r));
  });
});

describe('accuracy scoring', () => {
  it('token F1 ignores case and surrounding punctuation but not inner punctuation', () => {
    assert.equal(tokenF1('Fix login redirect', 'fix login redirect.'), 1);
    assert.equal(tokenF1('fix login', 'fix login redirect'), 0.8);
    assert.equal(tokenF1('edit src/app.ts', 'edit src/app'), 0.5);
    assert.equal(tokenF1('', ''), 1);
    assert.equal(tokenF1('a', ''), 0);
  });

  it('scores absent fields as matching only when both are absent', () => {
    const s = scoreFields({ title: 'x', tags: ['A'] }, { title: 'x', tags: ['a'], due: '2026-01-01', estimateMinutes: 5 });
    assert.equal(s.tags, true);
    assert.equal(s.due, false);
    assert.equal(s.estimate, false);
    assert.equal(s.priority, true);
  });
});
