import assert from 'node:assert/strict';
import { FINDINGS_JSON_SCHEMA, countBySeverity, findingsJsonSchema, validateFindings, type Finding } from '../../../src/core/review/findings';

const good = { line: 2, endLine: null, severity: 'warning', category: 'bug', message: 'Off by one.', suggestion: null };

describe('review findings validation', () => {
  it('keeps valid findings, maps chunk lines by the offset and turns null into absent', () => {
    const { valid, dropped } = validateFindings({ findings: [good, { ...good, line: 3, endLine: 4, suggestion: 'x = 1' }] }, { lineCount: 5, offset: 100, source: 'local' });
    assert.deepEqual(dropped, []);
    assert.deepEqual(valid, [
      { line: 102, severity: 'warning', category: 'bug', message: 'Off by one.', source: 'local' },
      { line: 103, endLine: 104, severity: 'warning', category: 'bug', message: 'Off by one.', suggestion: 'x = 1', source: 'local' },
    ] satisfies Finding[]);
  });

  it('drops lines that do not exist in the chunk', () => {
    const result = validateFindings([{ ...good, line: 0 }, { ...good, line: 6 }, { ...good, line: 2.5 }, { ...good, line: '2' }], { lineCount: 5, source: 'cloud' });
    assert.deepEqual(result.valid, []);
    assert.deepEqual(result.dropped.map((d) => d.reason), ['line-out-of-range', 'line-out-of-range', 'line-not-integer', 'line-not-integer']);
  });

  it('drops end lines before the line or past the chunk', () => {
    const result = validateFindings([{ ...good, line: 3, endLine: 2 }, { ...good, line: 3, endLine: 9 }], { lineCount: 5, source: 'local' });
    assert.deepEqual(result.dropped.map((d) => d.reason), ['end-line-before-line', 'end-line-out-of-range']);
  });

  it('drops wrong enum values, empty messages and non-string suggestions', () => {
    const result = validateFindings(
      [{ ...good, severity: 'critical' }, { ...good, category: 'typo' }, { ...good, message: '   ' }, { ...good, suggestion: 42 }, 'text'],
      { lineCount: 5, source: 'local' },
    );
    assert.deepEqual(result.dropped.map((d) => d.reason), ['bad-severity', 'bad-category', 'empty-message', 'bad-suggestion', 'not-an-object']);
  });

  it('in a diff review keeps only findings that touch a changed line', () => {
    const changed = new Set([12, 20]);
    const result = validateFindings(
      [
        { ...good, line: 2 }, // file line 12: changed
        { ...good, line: 1, endLine: 3 }, // 11..13 covers 12
        { ...good, line: 5 }, // 15: unchanged
      ],
      { lineCount: 10, offset: 10, changedLines: changed, source: 'local' },
    );
    assert.deepEqual(result.valid.map((f) => [f.line, f.endLine]), [[12, undefined], [11, 13]]);
    assert.deepEqual(result.dropped.map((d) => d.reason), ['outside-changed-lines']);
  });

  it('reports output that is not a findings object as malformed', () => {
    assert.deepEqual(validateFindings({ result: [] }, { lineCount: 1, source: 'local' }).dropped, [{ finding: { result: [] }, reason: 'malformed-output' }]);
  });

  it('has a schema whose required list names every property, as grammar and strict mode need', () => {
    const item = FINDINGS_JSON_SCHEMA.properties.findings.items;
    assert.deepEqual([...item.required].sort(), Object.keys(item.properties).sort());
    assert.deepEqual(item.properties.severity.enum, ['error', 'warning', 'info']);
    assert.equal(JSON.stringify(FINDINGS_JSON_SCHEMA).includes('$ref'), false);
  });

  it('bounds the list and the message only when asked', () => {
    assert.equal('maxItems' in FINDINGS_JSON_SCHEMA.properties.findings, false);
    const bounded = findingsJsonSchema({ maxFindings: 10, maxMessageChars: 300 });
    assert.equal((bounded.properties.findings as { maxItems?: number }).maxItems, 10);
    assert.equal((bounded.properties.findings.items.properties.message as { maxLength?: number }).maxLength, 300);
  });

  it('counts findings by severity', () => {
    const f = (severity: Finding['severity']): Finding => ({ line: 1, severity, category: 'bug', message: 'm', source: 'heuristics' });
    assert.deepEqual(countBySeverity([f('error'), f('info'), f('error')]), { error: 2, warning: 0, info: 1 });
  });
});
