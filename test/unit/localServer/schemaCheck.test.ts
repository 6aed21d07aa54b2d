import assert from 'node:assert/strict';
import { FINDINGS_JSON_SCHEMA } from '../../../src/core/review/findings';
import { TASK_JSON_SCHEMA } from '../../../src/core/tasks/taskSchema';
import type { JsonSchema } from '../../../src/core/protocol';
import { schemaMismatch } from '../../../src/inference/localServer/schemaCheck';

const findings = FINDINGS_JSON_SCHEMA as unknown as JsonSchema;
const finding = { line: 3, endLine: null, severity: 'warning', category: 'bug', message: 'm', suggestion: null };

describe('schema check of a model answer', function () {
  it("accepts answers that match the features' own schemas", function () {
    assert.equal(schemaMismatch({ findings: [finding] }, findings), undefined);
    assert.equal(schemaMismatch({ findings: [] }, findings), undefined);
    const task = { title: 't', due: null, priority: null, tags: ['a'], assignee: null, estimateMinutes: 120 };
    assert.equal(schemaMismatch(task, TASK_JSON_SCHEMA), undefined);
  });

  it('names the first place an answer breaks the schema', function () {
    assert.equal(schemaMismatch([], findings), '$ is not object');
    assert.equal(schemaMismatch({}, findings), '$.findings is missing');
    assert.equal(schemaMismatch({ findings: [{ ...finding, line: 2.5 }] }, findings), '$.findings[0].line is not integer');
    assert.equal(schemaMismatch({ findings: [{ ...finding, severity: 'fatal' }] }, findings), '$.findings[0].severity is not one of ["error","warning","info"]');
    assert.equal(schemaMismatch({ findings: [{ ...finding, extra: 1 }] }, findings), '$.findings[0].extra is not allowed');
    assert.equal(schemaMismatch({ findings: [{ ...finding, endLine: 'x' }] }, findings), '$.findings[0].endLine is not integer or null');
  });

  it('checks array and string bounds', function () {
    const schema = { type: 'array', minItems: 1, maxItems: 2, items: { type: 'string', maxLength: 3 } };
    assert.equal(schemaMismatch(['a'], schema), undefined);
    assert.equal(schemaMismatch([], schema), '$ has fewer than 1 items');
    assert.equal(schemaMismatch(['a', 'b', 'c'], schema), '$ has more than 2 items');
    assert.equal(schemaMismatch(['abcd'], schema), '$[0] is longer than 3 characters');
  });
});
