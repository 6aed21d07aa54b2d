import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { LocalFocusError } from '../../../src/core/errors';
import type { Finding } from '../../../src/core/review/findings';
import { HEURISTIC_RULE_IDS, HEURISTIC_RULES } from '../../../src/core/review/heuristics';
import { readProjectRules, readReviewSettingsFile, MAX_PROJECT_RULES_CHARS } from '../../../src/core/review/projectReviewFiles';
import { applyReviewSettings, checkReviewSettings, enabledChecks, mergeReviewSettings } from '../../../src/core/review/reviewSettings';

const finding = (over: Partial<Finding>): Finding => ({ line: 1, severity: 'warning', category: 'bug', message: 'm', source: 'heuristics', ...over });

function badInput(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof LocalFocusError, String(err));
    assert.equal(err.code, 'bad-input');
    return err.message;
  }
  assert.fail('expected a bad-input error');
}

describe('review settings', () => {
  it('normalises the shorthands "off", "on" and a severity into check objects', () => {
    const s = checkReviewSettings({ minSeverity: 'warning', checks: { 'console-log': 'off', debugger: 'error', 'long-function': { enabled: true, severity: 'warning' } } }, 'x');
    assert.deepEqual(s, {
      minSeverity: 'warning',
      checks: { 'console-log': { enabled: false }, debugger: { severity: 'error' }, 'long-function': { enabled: true, severity: 'warning' } },
    });
  });

  it('lists every mistake with its place and the values that would do', () => {
    const message = badInput(() =>
      checkReviewSettings({ minSeverity: 'high', checks: { debuger: 'off', 'console-log': { enabled: 'no', level: 1 }, 'empty-catch': 'sometimes' }, extra: 1 }, '.localfocus/review.json'),
    );
    assert.match(message, /^\.localfocus\/review\.json has 6 mistakes:/);
    assert.match(message, /- minSeverity: "high" is not a severity; use one of error, warning, info/);
    assert.match(message, /- checks\.debuger: there is no such check; the checks are .*debugger/);
    assert.match(message, /- checks\.console-log\.enabled: must be true or false, not "no"/);
    assert.match(message, /- checks\.console-log\.level: not a check setting/);
    assert.match(message, /- checks\.empty-catch: "sometimes" is not a check setting/);
    assert.match(message, /- "extra" is not a review setting/);
    assert.match(badInput(() => checkReviewSettings([], 's')), /s has a mistake:\n- it must be an object/);
  });

  it('merges layers field by field, the later winning only where it says something', () => {
    const file = checkReviewSettings({ minSeverity: 'warning', checks: { debugger: { enabled: false, severity: 'error' }, 'console-log': 'off' } }, 'file');
    const editor = checkReviewSettings({ checks: { debugger: { enabled: true } } }, 'settings');
    assert.deepEqual(mergeReviewSettings(file, undefined, editor), {
      minSeverity: 'warning',
      checks: { debugger: { enabled: true, severity: 'error' }, 'console-log': { enabled: false } },
    });
  });

  it('drops disabled checks\' findings, re-grades a check, then applies the floor to every finding', () => {
    const findings = [
      finding({ rule: 'console-log', severity: 'info', line: 1 }),
      finding({ rule: 'long-function', severity: 'info', line: 2 }),
      finding({ rule: 'debugger', severity: 'warning', line: 3 }),
      finding({ source: 'local', severity: 'info', line: 4 }),
      finding({ source: 'local', severity: 'error', line: 5 }),
    ];
    const settings = checkReviewSettings({ minSeverity: 'warning', checks: { debugger: 'off', 'long-function': 'error' } }, 's');
    const kept = applyReviewSettings(findings, settings);
    assert.deepEqual(kept.map((f) => [f.line, f.severity]), [[2, 'error'], [5, 'error']]);
    assert.equal(findings[1].severity, 'info', 'the input is not changed');
    assert.deepEqual(applyReviewSettings(findings, undefined), findings);
    assert.deepEqual(enabledChecks(settings), HEURISTIC_RULE_IDS.filter((id) => id !== 'debugger'));
  });
});

describe('project review files', () => {
  let root: string;
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'lf-review-files-'));
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));
  const write = (name: string, text: string) => {
    fs.mkdirSync(path.join(root, '.localfocus'), { recursive: true });
    fs.writeFileSync(path.join(root, '.localfocus', name), text);
  };

  it('reads nothing when the project has no files, and the checked settings when it has', async () => {
    assert.equal(await readReviewSettingsFile(root), undefined);
    assert.equal(await readProjectRules(root), undefined);
    write('review.json', '{ "checks": { "console-log": "off" } }');
    write('review.md', '\n  Money is in integer cents; flag floats for money.\n');
    assert.deepEqual(await readReviewSettingsFile(root), { checks: { 'console-log': { enabled: false } } });
    assert.equal(await readProjectRules(root), 'Money is in integer cents; flag floats for money.');
  });

  it('says where review.json stops being JSON', async () => {
    write('review.json', '{\n  "minSeverity": "warning",\n}\n');
    await assert.rejects(readReviewSettingsFile(root), (err: LocalFocusError) => {
      assert.equal(err.code, 'bad-input');
      assert.match(err.message, /^\.localfocus\/review\.json is not valid JSON at line 3, column 1: .*Fix the file, or delete it/);
      return true;
    });
  });

  it('refuses project rules over the limit whole, saying the size and the limit', async () => {
    write('review.md', 'x'.repeat(MAX_PROJECT_RULES_CHARS + 1));
    await assert.rejects(readProjectRules(root), /review\.md has 4,001 characters; project rules may have at most 4,000.*Shorten it/);
    write('review.md', 'x'.repeat(MAX_PROJECT_RULES_CHARS));
    assert.equal((await readProjectRules(root))?.length, MAX_PROJECT_RULES_CHARS);
  });
});

describe('review settings in the manifest', () => {
  it('localFocus.review.checks lists every heuristic check, described by its summary', () => {
    const manifest = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../../contributes/review.json'), 'utf8'));
    const checks = manifest.contributes.configuration[0].properties['localFocus.review.checks'].properties as Record<string, { description: string }>;
    assert.deepEqual(Object.keys(checks).sort(), [...HEURISTIC_RULE_IDS].sort());
    for (const rule of HEURISTIC_RULES) assert.equal(checks[rule.id].description, rule.summary, rule.id);
  });
});
