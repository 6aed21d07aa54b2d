import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { dateWordsLeft, isRightDue, parseLabelledDue, scoreDues, type LabelledDue } from '../../../src/core/tasks/dueDateAccuracy';
import { parseTaskRules } from '../../../src/core/tasks/parseTaskRules';
import { isValidTimeZone } from '../../../src/core/tasks/timeZone';

const FIXTURES = path.resolve(__dirname, '..', '..', 'fixtures', 'due-dates');

function load(name: string): LabelledDue[] {
  return fs
    .readFileSync(path.join(FIXTURES, name), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map(parseLabelledDue);
}

describe('due-date sets', () => {
  const dev = load('dev.jsonl');
  const heldOut = load('heldout.jsonl');

  for (const [name, items] of [['dev', dev], ['held-out', heldOut]] as const) {
    it(`${name}: reference times with offsets, valid zones, distinct texts`, () => {
      assert.equal(new Set(items.map((i) => i.text)).size, items.length, 'duplicate texts');
      for (const i of items) {
        assert.ok(!Number.isNaN(new Date(i.now).getTime()) && /[+-]\d{2}:\d{2}$/.test(i.now), `now with offset: ${i.now}`);
        assert.ok(isValidTimeZone(i.timeZone), i.timeZone);
        assert.equal(i.class.startsWith('neg-'), i.due === null, `${i.class}: ${i.text}`);
      }
    });
  }

  it('the held-out set has at least 600 expressions, many without a date, and shares no text with the dev sets', () => {
    assert.ok(heldOut.length >= 600, `${heldOut.length}`);
    assert.ok(heldOut.filter((i) => i.due === null).length >= 100, 'negatives');
    const devTexts = new Set(dev.map((i) => i.text.toLowerCase()));
    const todoDev = fs.readFileSync(path.resolve(FIXTURES, '..', 'todo-devset.jsonl'), 'utf8');
    for (const i of heldOut) {
      assert.ok(!devTexts.has(i.text.toLowerCase()), `in the dev set: ${i.text}`);
      assert.ok(!todoDev.includes(JSON.stringify(i.text)), `in the TODO dev set: ${i.text}`);
    }
  });
});

describe('due dates of the rules tier', () => {
  const score = (items: readonly LabelledDue[]) =>
    scoreDues(
      items.map((item) => {
        const actual = parseTaskRules(item.text, { now: new Date(item.now), timeZone: item.timeZone, locale: item.locale }).due;
        return { item, actual, right: isRightDue(item.due, actual) };
      }),
    ).overall;

  for (const name of ['dev.jsonl', 'heldout.jsonl']) {
    it(`${name}: precision >= 90% and recall >= 70% (bench/due-dates.ts prints them per class)`, () => {
      const s = score(load(name));
      assert.ok(s.precision >= 0.9 && s.recall >= 0.7, JSON.stringify(s));
    });
  }
});

describe('due-date scoring', () => {
  it('compares the date, and the time only when the label has one', () => {
    assert.equal(isRightDue('2026-05-14', '2026-05-14T09:00'), true);
    assert.equal(isRightDue('2026-05-14T10:30', '2026-05-14'), false);
    assert.equal(isRightDue('2026-05-14T10:30', '2026-05-14T10:30'), true);
    assert.equal(isRightDue('2026-05-14T10:30', '2026-05-15T10:30'), false);
    assert.equal(isRightDue(null, '2026-05-14'), false);
    assert.equal(isRightDue('2026-05-14', undefined), false);
  });

  it('precision counts the dates given, recall the dates labelled', () => {
    const item = (cls: string, due: string | null): LabelledDue => ({ text: 'x', now: '', timeZone: 'UTC', locale: 'en-US', class: cls, due, ...(due ? { expr: 'x' } : {}) });
    const { overall, byClass } = scoreDues([
      { item: item('a', '2026-01-01'), actual: '2026-01-01', right: true },
      { item: item('a', '2026-01-02'), actual: undefined, right: false },
      { item: item('neg-code', null), actual: '2026-01-03', right: false },
    ]);
    assert.deepEqual(overall, { items: 3, dated: 2, given: 2, right: 1, precision: 0.5, recall: 0.5 });
    assert.equal(byClass.get('a')!.precision, 1);
    assert.equal(byClass.get('neg-code')!.given, 1);
  });

  it('finds the words of the expression left in the title', () => {
    const item: LabelledDue = { text: 'call Bob @ 3pm', expr: '@ 3pm', now: '', timeZone: 'UTC', locale: 'en-US', class: 'clock', due: '2026-01-01T15:00' };
    assert.deepEqual(dateWordsLeft(item, 'call Bob @'), ['@']);
    assert.deepEqual(dateWordsLeft(item, 'call Bob'), []);
    const repeated: LabelledDue = { ...item, text: 'the plan for the 19th', expr: 'the 19th' };
    assert.deepEqual(dateWordsLeft(repeated, 'the plan for'), []);
  });
});
