// `local-focus models on-disk`, `use-in-place`, `list --on-disk` and `remove` of a model used in
// place, in process, on a fake Ollama store named by $OLLAMA_MODELS under a fake home folder.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runCli } from '../../../src/cli/main';
import { addOllamaModel, sha256Hex, tempFolder } from '../../support/fakeModelStores';

async function cli(args: string[], env: NodeJS.ProcessEnv) {
  let out = '';
  let err = '';
  const code = await runCli(args, { out: (t) => (out += t), err: (t) => (err += t), env, isTTY: false });
  return { code, out, err };
}

describe('local-focus models: models on the disk', function () {
  this.timeout(20_000);
  // The finder reads this process's home and environment, as the worker does.
  const saved = { home: process.env.HOME, ollama: process.env.OLLAMA_MODELS, lf: process.env.LOCAL_FOCUS_HOME };
  let dir: string;
  let env: NodeJS.ProcessEnv;
  let blob: string;

  before(() => {
    dir = tempFolder('cli');
    const store = path.join(dir, 'ollama');
    blob = addOllamaModel(store, ['registry.ollama.ai', 'library', 'stories', '260k']).path;
    Object.assign(process.env, { HOME: path.join(dir, 'home'), OLLAMA_MODELS: store, LOCAL_FOCUS_HOME: path.join(dir, 'lf') });
    env = { LOCAL_FOCUS_HOME: path.join(dir, 'lf') };
  });

  after(() => {
    for (const [name, value] of [['HOME', saved.home], ['OLLAMA_MODELS', saved.ollama], ['LOCAL_FOCUS_HOME', saved.lf]] as const) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('lists the found models, uses one in place, shows it in the list, and forgets it without deleting the blob', async () => {
    const found = await cli(['models', 'on-disk'], env);
    assert.equal(found.code, 0, found.err);
    assert.match(found.out, /Ollama\s+stories:260k\s+\S+ \S+\s+not checked\s+\S*sha256-/);
    assert.match(found.out, /local-focus models use-in-place <path>/);

    const used = await cli(['models', 'use-in-place', blob, '--role', 'review'], env);
    assert.equal(used.code, 0, used.err);
    assert.match(used.out, /Using stories:260k in place as "ollama-stories-260k": .* was not copied/);
    assert.match(used.out, /localFocus\.models\.codeReview/);
    const modelsDir = path.join(dir, 'lf', 'models');
    assert.deepEqual(fs.readdirSync(modelsDir).filter((f) => f.endsWith('.gguf') || f.startsWith('sha256')), []);

    const listed = await cli(['models', 'list', '--on-disk'], env);
    assert.equal(listed.code, 0, listed.err);
    assert.match(listed.out, /^ollama-stories-260k\s+review\s/m);
    assert.match(listed.out, /stories:260k\s+\S+ \S+\s+in use as ollama-stories-260k/);

    const sha = sha256Hex(fs.readFileSync(blob));
    const removed = await cli(['models', 'remove', 'ollama-stories-260k'], env);
    assert.equal(removed.code, 0, removed.err);
    assert.match(removed.out, /^Forgot ollama-stories-260k; its file stays/);
    assert.equal(sha256Hex(fs.readFileSync(blob)), sha);
  });

  it('refuses a path that is not a found model, and asks for exactly one path', async () => {
    const elsewhere = await cli(['models', 'use-in-place', path.join(dir, 'elsewhere.gguf')], env);
    assert.notEqual(elsewhere.code, 0);
    assert.match(elsewhere.err, /is not a model found in Ollama's or LM Studio's folders; to use another GGUF file, import it/);
    assert.equal((await cli(['models', 'use-in-place'], env)).code, 2);
  });
});
