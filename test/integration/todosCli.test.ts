// `local-focus todos` through the launcher: the fast bundle (dist/cliTodos.js) answers it alone,
// without the worker service or any model library, prints what the full CLI prints, and hands
// every command line it does not answer (usage errors, help) to the full CLI. `--parse` adds the
// rules tier's fields.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as path from 'node:path';
import { ripgrepBinary } from '../../src/cli/ripgrepBinary';
import { assertBuilt } from '../support/realWorker';
import { repoRoot as repo } from '../support/sharedModels.cjs';

const launcher = path.join(repo, 'bin', 'local-focus.js');
const fastBundle = path.join(repo, 'dist', 'cliTodos.js');
const fullBundle = path.join(repo, 'dist', 'cli.js');
const demo = path.join(repo, 'demo');
const NOW = '2026-03-10T09:30:00+01:00';
const TZ = 'Europe/Berlin';

/** What a model library or the worker's service would be loaded as. */
const HEAVY_MODULES = /node-llama-cpp|@huggingface|onnxruntime|sharp|vectra|(^|[\\/])(cli|worker)\.js$/;

function node(args: string[], env: NodeJS.ProcessEnv = process.env): Promise<{ code: number; out: string; err: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, args, { cwd: repo, env, maxBuffer: 1 << 26, timeout: 60_000 }, (err, out, errText) =>
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, out, err: errText }),
    );
  });
}

describe('local-focus todos: the fast bundle', function () {
  before(() => {
    assertBuilt(fastBundle);
    assertBuilt(fullBundle);
  });

  it('lists the TODOs without loading a model library, the worker service or the full CLI', async function () {
    // Records every module the launcher's process loads, then lists the demo's TODOs with fields.
    const probe = `
      const Module = require('node:module');
      const loaded = [];
      const load = Module._load;
      Module._load = function (request, ...rest) { loaded.push(request); return load.call(this, request, ...rest); };
      process.argv = [process.argv[0], ${JSON.stringify(launcher)}, 'todos', ${JSON.stringify(demo)}, '--json', '--parse'];
      process.on('exit', () => process.stderr.write('LOADED ' + JSON.stringify(loaded)));
      require(${JSON.stringify(launcher)});`;
    const r = await node(['-e', probe]);
    assert.equal(r.code, 0, r.err);
    const loaded = JSON.parse(r.err.slice(r.err.indexOf('LOADED ') + 7)) as string[];
    assert.ok(loaded.some((m) => m.endsWith('cliTodos.js')), `the fast bundle ran: ${loaded.join(' ')}`);
    const heavy = loaded.filter((m) => HEAVY_MODULES.test(m));
    assert.deepEqual(heavy, [], 'modules the listing must not load');
    assert.ok(JSON.parse(r.out).todos.length > 0);
  });

  it('holds no model library and no worker service, and stays a fraction of the full bundle', async function () {
    const text = (await import('node:fs')).readFileSync(fastBundle, 'utf8');
    for (const name of ['node-llama-cpp', '@huggingface/transformers', 'onnxruntime-node', 'class WorkerService']) assert.ok(!text.includes(name), `dist/cliTodos.js mentions ${name}`);
    const full = (await import('node:fs')).statSync(fullBundle).size;
    assert.ok(text.length < full / 5, `dist/cliTodos.js is ${text.length} bytes, dist/cli.js ${full}`);
  });

  it('leaves the rules parser to dist/cliTodosRules.js, which only --parse loads', async function () {
    // chrono-node and its locales were three quarters of the fast bundle, loaded by every listing.
    // The date words are string literals, kept by a minified (--production) build as well.
    const fs = await import('node:fs');
    const text = fs.readFileSync(fastBundle, 'utf8');
    assert.ok(!text.includes('tomorrow'), 'dist/cliTodos.js holds the date rules');
    assert.ok(text.includes('import("./cliTodosRules.js")'), 'dist/cliTodos.js does not load dist/cliTodosRules.js');
    assert.ok(fs.readFileSync(path.join(repo, 'dist', 'cliTodosRules.js'), 'utf8').includes('tomorrow'), 'dist/cliTodosRules.js lacks the date rules');
  });

  it('prints exactly what the full CLI prints, as text and as JSON, with and without --parse', async function () {
    for (const args of [['todos', demo, '--json'], ['todos', demo, '--json', '--parse', '--now', NOW, '--tz', TZ], ['todos', 'demo/server/main.go', '--now', NOW, '--tz', TZ], ['--mode', 'localOnly', 'todos', 'demo/server']]) {
      const fast = await node([launcher, ...args]);
      const full = await node([fullBundle, ...args]);
      assert.equal(fast.code, 0, fast.err);
      assert.equal(fast.out.replace(/ in \d+ ms|"ms": \d+/g, ''), full.out.replace(/ in \d+ ms|"ms": \d+/g, ''), args.join(' '));
    }
  });

  it('lists file, line, tag and text by default, and adds the parsed fields with --parse', async function () {
    const plain = JSON.parse((await node([launcher, 'todos', demo, '--json'])).out) as { todos: Record<string, unknown>[] };
    const ana = plain.todos.find((t) => t.file === 'src/auth.ts' && t.line === 8)!;
    assert.deepEqual(ana, { file: 'src/auth.ts', line: 8, column: 4, tag: 'TODO', text: 'fix login redirect tomorrow 3pm !high #auth', owner: 'ana' });
    const parsed = JSON.parse((await node([launcher, 'todos', demo, '--json', '--parse', '--now', NOW, '--tz', TZ])).out) as { todos: Record<string, unknown>[] };
    const anaParsed = parsed.todos.find((t) => t.file === 'src/auth.ts' && t.line === 8)!;
    assert.deepEqual(anaParsed.parsed, { title: 'fix login redirect', tags: ['auth'], tier: 'degraded', due: '2026-03-11T15:00', priority: 'high', assignee: 'ana' });
    const text = await node([launcher, 'todos', 'demo/server/main.go']);
    assert.match(text.out, /^main\.go:9:4 {2}TODO\(marco\) {2}graceful shutdown on SIGTERM before the next release !high #ops\nmain\.go:/);
    const withFields = await node([launcher, 'todos', 'demo/server/main.go', '--parse']);
    assert.match(withFields.out, /\n {4}→ graceful shutdown on SIGTERM before the next release · !high · #ops · @marco\n/);
  });

  it('leaves usage errors, help and unknown options to the full CLI, with its words and exit codes', async function () {
    for (const args of [['todos', 'a', 'b'], ['todos', '/no/such/folder'], ['todos', '--frob'], ['--mode', 'fast', 'todos'], ['todos', '--now', 'someday']]) {
      const fast = await node([launcher, ...args]);
      const full = await node([fullBundle, ...args]);
      assert.equal(fast.code, 2, args.join(' '));
      assert.deepEqual(fast, full, args.join(' '));
    }
    const help = await node([launcher, 'todos', '--help']);
    assert.equal(help.code, 0);
    assert.match(help.out, /^ {2}todos \[path\] .*--parse/m);
    const badZone = await node([launcher, 'todos', 'demo', '--tz', 'Mars/Olympus']);
    assert.equal(badZone.code, 1);
    assert.match(badZone.err, /"Mars\/Olympus" is not an IANA time zone/);
  });

  it('lists a folder with ripgrep when there is one, the same TODOs as without, and says so', async function () {
    const rg = ripgrepBinary(process.env);
    if (!rg) {
      console.log('      skipped: no ripgrep on PATH or in LOCAL_FOCUS_RIPGREP (apt-get install ripgrep)');
      this.skip();
    }
    const withRipgrep = await node([launcher, 'todos', demo, '--json'], { ...process.env, LOCAL_FOCUS_RIPGREP: rg });
    const without = await node([launcher, 'todos', demo, '--json'], { ...process.env, LOCAL_FOCUS_RIPGREP: 'off' });
    const listed = JSON.parse(withRipgrep.out) as { todos: unknown[]; listedBy?: string };
    const walked = JSON.parse(without.out) as { todos: unknown[]; listedBy?: string };
    assert.equal(listed.listedBy, 'ripgrep');
    assert.equal(walked.listedBy, undefined);
    assert.ok(walked.todos.length > 5);
    assert.deepEqual(listed.todos, walked.todos);
    const text = await node([launcher, 'todos', demo], { ...process.env, LOCAL_FOCUS_RIPGREP: rg });
    assert.match(text.out, /\(\d+ files named by ripgrep read in \d+ ms\)\n$/);
  });

  it('ends quietly with code 141 when its reader stops early, as `todos | head` does', async function () {
    // Many small writes, so that the pipe is closed while the listing still has lines to print.
    const tree = (await import('node:fs')).mkdtempSync(path.join((await import('node:os')).tmpdir(), 'lf-epipe-'));
    const fs = await import('node:fs');
    for (let i = 0; i < 400; i++) fs.writeFileSync(path.join(tree, `f${i}.ts`), `// TODO: item ${i} ${'x'.repeat(200)}\n`.repeat(20));
    try {
      const { spawn } = await import('node:child_process');
      const child = spawn(process.execPath, [launcher, 'todos', tree], { stdio: ['ignore', 'pipe', 'pipe'] });
      let err = '';
      child.stderr.on('data', (d: Buffer) => (err += d.toString()));
      child.stdout.once('data', () => child.stdout.destroy());
      const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
      assert.equal(err, '', 'nothing on stderr');
      assert.equal(code, 141);
    } finally {
      fs.rmSync(tree, { recursive: true, force: true });
    }
  });

  it('refuses a LOCAL_FOCUS_RIPGREP that names no program, saying what to set', async function () {
    const bad = path.join(repo, 'no-such-ripgrep');
    const r = await node([launcher, 'todos', demo], { ...process.env, LOCAL_FOCUS_RIPGREP: bad });
    assert.equal(r.code, 1);
    assert.equal(r.out, '');
    assert.match(r.err, /LOCAL_FOCUS_RIPGREP is ".*no-such-ripgrep", which is not an executable file: set it to ripgrep's path, or to off/);
  });
});
