import assert from 'node:assert/strict';
import { parseTaskRules } from '../../../src/core/tasks/parseTaskRules';

const ctx = { now: new Date('2026-03-10T09:30:00+01:00'), timeZone: 'Europe/Berlin', locale: 'en-US' };
const parse = (text: string) => parseTaskRules(text, ctx);

describe('priority conventions of issue trackers', () => {
  const cases: [string, string, string][] = [
    ['#p0 fix the crash', 'high', 'fix the crash'],
    ['fix the crash #p1', 'high', 'fix the crash'],
    ['add metrics #p2', 'medium', 'add metrics'],
    ['tweak padding #p3', 'low', 'tweak padding'],
    ['P1: login broken', 'high', 'login broken'],
    ['P2: flaky test', 'medium', 'flaky test'],
    ['login broken P0: users locked out', 'high', 'login broken: users locked out'],
    ['make logger configurable !!', 'medium', 'make logger configurable'],
  ];
  for (const [text, priority, title] of cases) {
    it(`${JSON.stringify(text)} → ${priority}, title ${JSON.stringify(title)}`, () => {
      const t = parse(text);
      assert.equal(t.priority, priority);
      assert.equal(t.title, title);
    });
  }

  it('does not keep #p0–#p3 as tags, and keeps other tags', () => {
    assert.deepEqual(parse('fix the crash #p2 #auth').tags, ['auth']);
  });

  it('does not read a p-number inside a path or a word', () => {
    assert.equal(parse('handle 404 from /api/p1/users').priority, undefined);
    assert.equal(parse('upgrade the p1xel library').priority, undefined);
  });
});
