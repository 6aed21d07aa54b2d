import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fingerprintFindings, matchBaseline } from '../../../src/core/review/baseline';
import { runHeuristics } from '../../../src/core/review/heuristics';
import { buildSarifLog, sarifRules, type SarifLog } from '../../../src/core/review/sarif';
import { sarifValidator } from '../../support/sarifValidator';

const CHECKOUT = fs.readFileSync(path.resolve(__dirname, '../../../demo/src/checkout.ts'), 'utf8');
const FILE = 'src/check out.ts';
const TOOL = { version: '1.2.3', informationUri: 'https://example.com/local-focus' };

/** The heuristics on the demo checkout, the console.log finding dismissed by the baseline. */
function demoLog(): SarifLog {
  const fingerprinted = fingerprintFindings(runHeuristics(CHECKOUT, { languageId: 'typescript' }), CHECKOUT, FILE);
  const baseline = fingerprinted.filter((f) => f.finding.rule === 'console-log').map((f) => f.entry);
  return buildSarifLog([{ path: FILE, text: CHECKOUT, tier: 'degraded', match: matchBaseline(fingerprinted, baseline) }], TOOL);
}

describe('SARIF output', () => {
  const validate = sarifValidator();

  it('is valid against the official SARIF 2.1.0 schema, with and without results', () => {
    assert.deepEqual(validate(demoLog()), []);
    assert.deepEqual(validate(buildSarifLog([], TOOL)), []);
  });

  it('the validator rejects what the schema forbids, so the test above can fail', () => {
    const broken = demoLog() as unknown as { runs: { results: { level: string; baselineState: string }[] }[] };
    broken.runs[0].results[0].level = 'info';
    broken.runs[0].results[1].baselineState = 'dismissed';
    const errors = validate(broken);
    assert.ok(errors.some((e) => e.instancePath === '/runs/0/results/0/level'), JSON.stringify(errors));
    assert.ok(errors.some((e) => e.instancePath === '/runs/0/results/1/baselineState'), JSON.stringify(errors));
  });

  it('carries rule ids and indexes, levels, regions and the baseline state', () => {
    const run = demoLog().runs[0];
    const rules = run.tool.driver.rules;
    assert.deepEqual(rules.map((r) => r.id), sarifRules().map((r) => r.id));
    assert.ok(rules.some((r) => r.id === 'model/security'), 'the model\'s categories are rules too');
    const rows = run.results.map((r) => [r.ruleId, rules[r.ruleIndex].id, r.level, r.locations[0].physicalLocation.region.startLine, r.baselineState, r.suppressions?.length ?? 0]);
    assert.deepEqual(rows, [
      ['nan-comparison', 'nan-comparison', 'error', 14, 'new', 0],
      ['console-log', 'console-log', 'note', 21, 'unchanged', 1],
      ['debugger', 'debugger', 'warning', 22, 'new', 0],
      ['empty-catch', 'empty-catch', 'warning', 27, 'new', 0],
    ]);
    const emptyCatch = run.results[3].locations[0].physicalLocation;
    assert.deepEqual(emptyCatch.artifactLocation, { uri: 'src/check%20out.ts', uriBaseId: '%SRCROOT%' });
    const lines = CHECKOUT.split('\n');
    assert.deepEqual(emptyCatch.region, { startLine: 27, startColumn: lines[26].indexOf('}') + 1, endLine: 28, endColumn: lines[27].length + 1 });
    assert.equal(new Set(run.results.map((r) => r.partialFingerprints['localFocusFinding/v1'])).size, 4);
  });

  it('a fix is the replacement that applies the suggestion: deleting the debugger line', () => {
    const debuggerResult = demoLog().runs[0].results.find((r) => r.ruleId === 'debugger')!;
    const replacement = debuggerResult.fixes![0].artifactChanges[0].replacements[0];
    const { charOffset, charLength } = replacement.deletedRegion as { charOffset: number; charLength: number };
    const fixed = CHECKOUT.slice(0, charOffset) + replacement.insertedContent.text + CHECKOUT.slice(charOffset + charLength);
    assert.equal(fixed, CHECKOUT.replace('  debugger;\n', ''));
    assert.equal(debuggerResult.fixes![0].description.text, 'Delete line 22');
    assert.equal(demoLog().runs[0].results.find((r) => r.ruleId === 'empty-catch')!.fixes, undefined, 'no fix without replacement text');
  });

  it('tells identical findings in one file apart by their order', () => {
    const text = 'function f() {\n  debugger;\n  debugger;\n}\n';
    const fingerprinted = fingerprintFindings(runHeuristics(text, { languageId: 'javascript' }), text, 'f.js');
    const log = buildSarifLog([{ path: 'f.js', text, tier: 'degraded', match: matchBaseline(fingerprinted, []) }], TOOL);
    const prints = log.runs[0].results.map((r) => r.partialFingerprints['localFocusFinding/v1']);
    assert.equal(prints.length, 2);
    assert.deepEqual(prints.map((p) => p.split(':')[1]), ['1', '2']);
    assert.equal(prints[0].split(':')[0], prints[1].split(':')[0]);
    assert.deepEqual(validate(log), []);
  });
});
