// Table-driven tests of the due date parseTaskRules reads from a text.
import assert from 'node:assert/strict';
import { parseTaskRules, type ParseTaskRulesOptions } from '../../src/core/tasks/parseTaskRules';

/** One `it` per case: the text's due date under `ctx` is the expected one (undefined: none). */
export function expectDues(cases: readonly [string, string | undefined][], ctx: ParseTaskRulesOptions): void {
  for (const [text, expected] of cases) {
    it(`${JSON.stringify(text)} → ${expected ?? 'no due date'}`, () => assert.equal(parseTaskRules(text, ctx).due, expected));
  }
}
