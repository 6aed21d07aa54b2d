import assert from 'node:assert/strict';
import { formatResults, runTier, totalRow, type BenchProgram } from '../../../bench/review-quixbugs';
import type { Finding } from '../../../src/core/review/findings';

const program = (group: string, id: string, bugLines: number[]): BenchProgram => ({ group, id, languageId: 'python', code: id, bugLines: new Set(bugLines) });
const finding = (line: number, endLine?: number): Finding => ({ line, ...(endLine ? { endLine } : {}), severity: 'warning', category: 'bug', message: 'm', source: 'local' });

describe('review benchmark metrics', () => {
  it('counts a program as found when a finding touches a bug line, and the rest as other-line findings', async () => {
    const answers: Record<string, Finding[]> = {
      hit: [finding(3), finding(9)], // bug on 3: found, one other
      range: [finding(4, 6)], // bug on 5 inside the range: found
      miss: [finding(1), finding(2)], // bug on 7: two others
      silent: [],
    };
    const results = await runTier(
      { name: 'fake', review: async (code) => answers[code] },
      [program('a', 'hit', [3]), program('a', 'range', [5]), program('b', 'miss', [7]), program('b', 'silent', [1])],
    );
    const [a, b] = results;
    assert.deepEqual([a.group, a.programs, a.found, a.otherPerProgram, a.programsWithFindings], ['a', 2, 2, 0.5, 2]);
    assert.deepEqual([b.group, b.programs, b.found, b.otherPerProgram, b.programsWithFindings], ['b', 2, 0, 1, 1]);
    const total = totalRow(results)!;
    assert.deepEqual([total.programs, total.found, total.recall, total.otherPerProgram], [4, 2, 0.5, 0.75]);
    assert.match(formatResults(results), /fake\s+a\s+2\s+2\/2 \(100\.0%\)/);
  });

  it('counts a failing review as an error with no findings', async () => {
    const logged: string[] = [];
    const [r] = await runTier({ name: 'broken', review: async () => Promise.reject(new Error('model crashed')) }, [program('a', 'x', [1])], {
      log: (line) => logged.push(line),
    });
    assert.deepEqual([r.errors, r.found, r.programs], [1, 0, 1]);
    assert.deepEqual(logged, ['broken: a/x failed: model crashed']);
  });
});
