import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs, UsageError } from '../../../src/cli/args';
import { runCli } from '../../../src/cli/main';
import { sharedModel, STORIES_260K } from '../../support/sharedModels.cjs';

async function cli(args: string[], env: NodeJS.ProcessEnv = {}) {
  let out = '';
  let err = '';
  const code = await runCli(args, { out: (t) => (out += t), err: (t) => (err += t), env });
  return { code, out, err };
}

describe('CLI', function () {
  let home: string;
  before(() => (home = fs.mkdtempSync(path.join(os.tmpdir(), 'lf-cli-'))));

  it('parses global options anywhere and rejects unknown ones', function () {
    const specs = { json: { value: false }, 'models-dir': { value: true } };
    assert.deepEqual(parseArgs(['status', '--json', '--models-dir', '/m'], specs), { command: ['status'], options: { json: true, 'models-dir': '/m' }, repeated: {} });
    assert.deepEqual(parseArgs(['--models-dir=/x', 'status'], specs).options, { 'models-dir': '/x' });
    assert.throws(() => parseArgs(['--nope'], specs), UsageError);
    assert.throws(() => parseArgs(['--models-dir'], specs), /needs a value/);
    assert.throws(() => parseArgs(['--json=1'], specs), /takes no value/);
  });

  it('keeps every value of a repeatable option, in order; other options keep the last', function () {
    const specs = { path: { value: true, repeatable: true }, k: { value: true } };
    const parsed = parseArgs(['search', 'q', '--path', '/a', '--k', '1', '--path=/b', '--k', '2', '--path', '/c'], specs);
    assert.deepEqual(parsed.repeated, { path: ['/a', '/b', '/c'] });
    assert.equal(parsed.options.k, '2');
    assert.deepEqual(parseArgs(['search', 'q'], specs).repeated, {});
  });

  it('status --json prints valid JSON with each capability and why', async function () {
    const r = await cli(['status', '--json'], { LOCAL_FOCUS_HOME: home });
    assert.equal(r.code, 0, r.err);
    const j = JSON.parse(r.out);
    assert.equal(j.home, home);
    assert.equal(j.modelsDir, path.join(home, 'models'));
    assert.deepEqual(j.capabilities.map((c: { capability: string }) => c.capability), ['taskParsing', 'notesSearch', 'codeReview']);
    for (const c of j.capabilities) {
      assert.equal(c.tier, 'degraded');
      assert.match(c.reason, /not found/);
    }
    assert.equal(j.worst, 'degraded');
  });

  it('--models-dir and --mode change what status reports', async function () {
    const models = fs.mkdtempSync(path.join(os.tmpdir(), 'lf-models-'));
    fs.copyFileSync(sharedModel(STORIES_260K), path.join(models, 'Llama-3.2-1B-Instruct-Q4_K_M.gguf'));
    const r = await cli(['--models-dir', models, '--mode', 'localOnly', 'status', '--json'], { LOCAL_FOCUS_HOME: home });
    const j = JSON.parse(r.out);
    assert.equal(j.mode, 'localOnly');
    assert.equal(j.capabilities[0].tier, 'local');
    assert.equal(j.capabilities[2].tier, 'degraded');
  });

  it('uses exit code 2 for bad usage and prints help', async function () {
    assert.equal((await cli(['frobnicate'])).code, 2);
    assert.equal((await cli(['status', '--mode', 'sometimes'])).code, 2);
    assert.equal((await cli(['--what'])).code, 2);
    const help = await cli(['--help']);
    assert.equal(help.code, 0);
    assert.match(help.out, /Usage: local-focus/);
    assert.match((await cli(['--version'])).out, /^\d+\.\d+\.\d+|0\.0\.0-dev/);
  });
});
