// `local-focus models bench` through the real CLI (dist/cli.js): the tiny shared GGUF in process
// with node-llama-cpp (threads: the CLI's default, one per core), and a fake Ollama on loopback that
// reports its own durations as Ollama does. Every figure the run can measure must be there and
// positive, the record file under the home must hold them, a damaged record file must not stop a
// bench, and an unknown id must fail before anything runs. `npm run build` first.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import type { SpeedRecordFile } from '../../src/core/models/modelSpeed';
import type { ModelBenchRun } from '../../src/core/modelsProtocol';
import { FakeOllama } from '../support/fakeOllama';
import { assertBuilt } from '../support/realWorker';
import { repoRoot, sharedModel, STORIES_260K } from '../support/sharedModels.cjs';

const run = promisify(execFile);
const cliPath = path.join(repoRoot, 'dist', 'cli.js');

function assertPositive(figures: Record<string, unknown>, keys: string[], who: string): void {
  for (const key of keys) assert.ok(typeof figures[key] === 'number' && (figures[key] as number) > 0, `${who}: ${key} should be a positive number, got ${JSON.stringify(figures[key])}`);
}

describe('models bench through the CLI (tiny model in process, fake Ollama)', function () {
  this.timeout(180_000);
  let sandbox: string;
  let home: string;
  let ollama: FakeOllama;
  let localId: string;
  let localPath: string;

  async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
    return run(process.execPath, [cliPath, '--verbose', '--server', ollama.url, ...args], {
      env: { PATH: process.env.PATH ?? '', LOCAL_FOCUS_HOME: home },
      maxBuffer: 16 * 1024 * 1024,
    }).then(
      ({ stdout, stderr }) => ({ code: 0, out: stdout, err: stderr }),
      (e: { code?: number; stdout?: string; stderr?: string }) => ({ code: typeof e.code === 'number' ? e.code : -1, out: e.stdout ?? '', err: e.stderr ?? '' }),
    );
  }
  async function benchJson(ids: string[]): Promise<{ prompt: string; runs: ModelBenchRun[] }> {
    const r = await cli(['--json', 'models', 'bench', ...ids]);
    assert.equal(r.code, 0, r.err);
    return JSON.parse(r.out);
  }
  const recordFile = () => path.join(home, 'model-speed.json');
  const records = () => JSON.parse(fs.readFileSync(recordFile(), 'utf8')) as SpeedRecordFile;

  before(async function () {
    assertBuilt(cliPath);
    sandbox = fs.mkdtempSync(path.join(os.tmpdir(), 'lf-bench-'));
    home = path.join(sandbox, 'home');
    // Paced like a real server, so its durations and ours are more than a rounding error.
    ollama = new FakeOllama({ answer: '{"answer":"Retry the upload on reconnect\\nand log it"}', pieces: 6, delayBeforeMs: 30, delayBetweenMs: 10 });
    await ollama.start();
    const imported = await cli(['--json', 'models', 'import', sharedModel(STORIES_260K), '--role', 'task-parsing']);
    assert.equal(imported.code, 0, imported.err);
    const model = JSON.parse(imported.out).model;
    localId = model.id;
    localPath = model.path;
  });

  after(async function () {
    await ollama?.close();
    if (sandbox) fs.rmSync(sandbox, { recursive: true, force: true });
  });

  it('measures the in-process model and records it under the home', async function () {
    const { runs, prompt } = await benchJson([localId]);
    assert.ok(prompt.length > 0);
    assert.equal(runs.length, 1);
    const [local] = runs;
    assert.equal(local!.error, undefined);
    assert.equal(local!.kind, 'in-process');
    assert.ok(local!.tokens > 1, `tokens: ${local!.tokens}`);
    assertPositive(local!.figures as Record<string, unknown>, ['loadMs', 'ttftMs', 'promptTokensPerSecond', 'genTokensPerSecond', 'peakRssBytes'], 'in-process');
    assert.equal(typeof local!.firstLine, 'string');
    const record = records().models[localPath];
    assert.ok(record, `no record for ${localPath} in ${JSON.stringify(records())}`);
    assert.equal(record.kind, 'in-process');
    assertPositive(record as unknown as Record<string, unknown>, ['loadMs', 'ttftMs', 'promptTokensPerSecond', 'genTokensPerSecond', 'peakRssBytes', 'runs'], 'record');
  });

  it("measures a server model from Ollama's own durations and records it", async function () {
    const { runs } = await benchJson(['server:chat-model']);
    const [server] = runs;
    assert.equal(server!.error, undefined, server!.error);
    assert.equal(server!.kind, 'server');
    assert.equal(server!.backend, 'Ollama');
    assert.equal(server!.firstLine, 'Retry the upload on reconnect');
    assertPositive(server!.figures as Record<string, unknown>, ['loadMs', 'ttftMs', 'promptTokensPerSecond', 'genTokensPerSecond'], 'server');
    // The paced stream: the first piece waits 30 ms, so our clock cannot see less.
    assert.ok(server!.figures.ttftMs! >= 25, `ttft ${server!.figures.ttftMs}`);
    const chat = ollama.requests.filter((r) => r.path === '/api/chat').at(-1);
    assert.equal(chat?.body.model, 'chat-model');
    assert.equal(chat?.body.keep_alive, 0, 'Ollama is asked to unload the model after the bench');
    const record = records().models[`${ollama.url}#chat-model`];
    assert.ok(record, `no server record in ${JSON.stringify(records())}`);
    assertPositive(record as unknown as Record<string, unknown>, ['ttftMs', 'genTokensPerSecond'], 'server record');
  });

  it('prints both side by side, one model loaded at a time', async function () {
    const r = await cli(['models', 'bench', localId, 'server:chat-model']);
    assert.equal(r.code, 0, r.err);
    const lines = r.out.split('\n');
    const row = (label: string) => lines.find((l) => l.startsWith(label)) ?? assert.fail(`no "${label}" row in:\n${r.out}`);
    assert.match(row('load'), /^load\s+[1-9]\d* ms\s+\d+ ms$/);
    assert.match(row('first token'), /^first token\s+[1-9]\d* ms\s+[1-9]\d* ms$/);
    assert.match(row('generation'), /^generation\s+\d+(\.\d)? tok\/s\s+\d+(\.\d)? tok\/s$/);
    assert.match(row('peak RSS'), /^peak RSS\s+\d+(\.\d+)? [KMG]B\s+-$/);
    assert.match(row('output'), /Retry the upload on reconnect$/);
    // The in-process model was unloaded before the server model ran.
    const unloadedAt = r.err.indexOf('unloaded model');
    const serverAt = r.err.indexOf('bench: chat-model');
    assert.ok(unloadedAt >= 0 && serverAt > unloadedAt, `expected the unload before the server's run:\n${r.err}`);
  });

  it('fails an unknown id before running anything', async function () {
    fs.rmSync(recordFile(), { force: true });
    const r = await cli(['models', 'bench', localId, 'no-such-model']);
    assert.equal(r.code, 1);
    assert.match(r.err, /no model "no-such-model"/);
    assert.doesNotMatch(r.err, /loaded model/);
    assert.equal(fs.existsSync(recordFile()), false);
    const server = await cli(['models', 'bench', 'server:not-pulled']);
    assert.equal(server.code, 1);
    assert.match(server.err, /server:not-pulled/);
  });

  it('ignores a damaged record file with a log line and writes a whole one', async function () {
    fs.writeFileSync(recordFile(), '{"version": 1, "models": {"x": ');
    const r = await cli(['--json', 'models', 'bench', 'server:chat-model']);
    assert.equal(r.code, 0, r.err);
    assert.match(r.err, /model-speed\.json is damaged/);
    assert.deepEqual(Object.keys(records().models), [`${ollama.url}#chat-model`]);
  });
});
