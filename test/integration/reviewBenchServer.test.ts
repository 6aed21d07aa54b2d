// The review benchmark's server tier (issue 14, part 6): `bench/review-quixbugs.ts --tier server`
// reviews each program through the worker's own server tier, here a fake Ollama on loopback that
// answers one finding per program. The figures of a fake are meaningless; what this checks is the
// wiring a user's real server run goes through: every program reaches the server's chat endpoint
// with the review schema, and every finding it returns is counted.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { FakeOllama } from '../support/fakeOllama';

const repo = path.resolve(__dirname, '../..');
const ONE_FINDING = JSON.stringify({
  findings: [{ line: 2, endLine: null, severity: 'warning', category: 'bug', message: 'an off-by-one bound', suggestion: null }],
});

interface BenchRow {
  tier: string;
  group: string;
  programs: number;
  programsWithFindings: number;
  errors: number;
  byRule: Record<string, { onBug: number; other: number }>;
}

function runBench(env: NodeJS.ProcessEnv, args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(repo, 'bench', 'review-quixbugs.ts'), ...args], {
      cwd: repo,
      env: { ...process.env, ...env },
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, out, err }));
  });
}

/** The JSON document at the end of the bench's output (it prints a programs line before it). */
function benchJson(out: string): { results: BenchRow[]; skipped: string[] } {
  return JSON.parse(out.slice(out.indexOf('{'))) as { results: BenchRow[]; skipped: string[] };
}

describe('the review benchmark on a model server (fake Ollama)', function () {
  this.timeout(180_000);
  let fake: FakeOllama;

  before(async () => {
    fake = new FakeOllama({ answer: ONE_FINDING });
    await fake.start();
  });
  after(() => fake.close());

  it('reviews every program through the server and counts its findings', async () => {
    const r = await runBench({ LOCAL_FOCUS_REVIEW_SERVER: fake.url, LOCAL_FOCUS_REVIEW_SERVER_MODEL: 'chat-model' }, ['--tier', 'server', '--dataset', 'quixbugs', '--limit', '3', '--json']);
    assert.equal(r.code, 0, r.err);
    const { results, skipped } = benchJson(r.out);
    assert.deepEqual(skipped, []);
    const all = results.find((x) => x.tier === 'server' && x.group === 'quixbugs-python');
    assert.ok(all, JSON.stringify(results));
    assert.equal(all.programs, 3);
    assert.equal(all.errors, 0, r.err);
    assert.equal(all.programsWithFindings, 3, 'one finding per program, as the server answered');
    const counted = Object.values(all.byRule).reduce((n, c) => n + c.onBug + c.other, 0);
    assert.equal(counted, 3);
    const chats = fake.requests.filter((q) => q.path === '/api/chat');
    assert.ok(chats.length >= 3, `${chats.length} chat requests`);
    assert.ok(chats.every((q) => q.body.model === 'chat-model'));
    assert.ok(chats.every((q) => JSON.stringify(q.body.format).includes('findings')), 'the review schema goes to the server as its format');
  });

  it('says why the server tier is skipped when no server is named', async () => {
    const r = await runBench({ LOCAL_FOCUS_REVIEW_SERVER: '' }, ['--tier', 'server', '--dataset', 'quixbugs', '--limit', '1', '--json']);
    assert.equal(r.code, 0, r.err);
    assert.match(benchJson(r.out).skipped.join('\n'), /server: skipped \(LOCAL_FOCUS_REVIEW_SERVER not set/);
  });
});
