import assert from 'node:assert/strict';
import { LocalFocusError } from '../../../src/core/errors';
import { reviewWithModel, type ChunkReviewed, type ReviewJsonRequest } from '../../../src/core/review/modelReview';

/** Three functions of 5 lines; counting a line as 1 token plus 3 for its number, each is 20: one per chunk at 20. */
const FILE = ['one', 'two', 'three']
  .map((name) => [`function ${name}() {`, '  a();', '  b();', '  c();', '}'].join('\n'))
  .join('\n');
const countLines = (t: string): number => t.split('\n').length;

/** A fake model that answers each prompt with line 2 of the chunk it saw, plus one invalid finding. */
function scriptedModel(requests: ReviewJsonRequest[]) {
  return async (request: ReviewJsonRequest): Promise<unknown> => {
    requests.push(request);
    return {
      findings: [
        { line: 2, endLine: null, severity: 'warning', category: 'bug', message: 'Suspicious call.', suggestion: null },
        { line: 40, endLine: null, severity: 'warning', category: 'bug', message: 'Hallucinated line.', suggestion: null },
      ],
    };
  };
}

describe('review with a model', () => {
  it('reviews chunk by chunk, maps lines back to the file and counts dropped findings', async () => {
    const requests: ReviewJsonRequest[] = [];
    const events: ChunkReviewed[] = [];
    const result = await reviewWithModel(FILE, {
      languageId: 'javascript',
      source: 'local',
      generate: scriptedModel(requests),
      maxTokens: 20,
      countTokens: countLines,
      onChunk: (e) => events.push(e),
    });
    assert.equal(result.chunks, 3);
    assert.equal(requests.length, 3);
    assert.deepEqual(result.findings.map((f) => [f.line, f.source]), [[2, 'local'], [7, 'local'], [12, 'local']]);
    assert.deepEqual(result.dropped.map((d) => d.reason), ['line-out-of-range', 'line-out-of-range', 'line-out-of-range']);
    assert.deepEqual(events.map((e) => [e.index, e.total, e.findings.length]), [[0, 3, 1], [1, 3, 1], [2, 3, 1]]);
    assert.ok(requests.every((r) => (r.schema as { type?: string }).type === 'object'));
    assert.match(requests[1].prompt, /function two/);
  });

  it('in a diff review sends only chunks with changed lines and keeps findings on them', async () => {
    const requests: ReviewJsonRequest[] = [];
    const result = await reviewWithModel(FILE, {
      languageId: 'javascript',
      source: 'cloud',
      generate: scriptedModel(requests),
      maxTokens: 20,
      countTokens: countLines,
      changedLines: new Set([12]),
    });
    assert.equal(requests.length, 1);
    assert.equal(result.chunksReviewed, 1);
    assert.deepEqual(result.findings.map((f) => f.line), [12]);
    assert.match(requests[0].prompt, /2\+\| {3}a\(\);/);
  });

  it('keeps at most the allowed number of findings per chunk', async () => {
    const many = async (): Promise<unknown> => ({
      findings: Array.from({ length: 5 }, () => ({ line: 1, endLine: null, severity: 'info', category: 'style', message: 'x', suggestion: null })),
    });
    const result = await reviewWithModel('let a = 1;', { languageId: 'javascript', source: 'local', generate: many, maxFindingsPerChunk: 2 });
    assert.equal(result.findings.length, 2);
    assert.deepEqual(result.dropped.map((d) => d.reason), ['over-limit', 'over-limit', 'over-limit']);
  });

  it('stops between chunks when cancelled', async () => {
    const controller = new AbortController();
    const generate = async (): Promise<unknown> => {
      controller.abort();
      return { findings: [] };
    };
    await assert.rejects(
      reviewWithModel(FILE, { languageId: 'javascript', source: 'local', generate, maxTokens: 20, countTokens: countLines, signal: controller.signal }),
      (err: unknown) => err instanceof LocalFocusError && err.code === 'cancelled',
    );
  });
});
