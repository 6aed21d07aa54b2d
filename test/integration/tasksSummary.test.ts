// `local-focus tasks summary` through the launcher and the built CLI (dist/cli.js) on a temporary
// workspace whose TASKS.md holds a task of every kind: done and resolved in code in the period
// and before it, added in it, overdue and due in the next days, tagged and not. --now and --tz fix
// the clock. A bad --since is a usage error, exit 2.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { assertBuilt } from '../support/realWorker';
import { repoRoot as repo } from '../support/sharedModels.cjs';

const launcher = path.join(repo, 'bin', 'local-focus.js');
const fullBundle = path.join(repo, 'dist', 'cli.js');
const NOW = '2026-03-10T09:00:00Z';

interface SummaryJson {
  file: string;
  period: { since: string; from: string; until: string };
  sections: Record<string, { count: number; groups: { tag: string | null; tasks: { id: string; title: string }[] }[] }>;
}

function cli(args: string[], home: string): Promise<{ code: number; out: string; err: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [launcher, ...args], { cwd: repo, env: { ...process.env, LOCAL_FOCUS_HOME: home }, timeout: 60_000 }, (err, out, errText) =>
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, out, err: errText }),
    );
  });
}

/** A task line as Local Focus writes it. */
function line(box: ' ' | 'x', title: string, meta: string, attrs: string): string {
  return `- [${box}] ${title}${meta ? ` — ${meta}` : ''} <!-- lf:id=${attrs} -->`;
}

function makeWorkspace(): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'lf-tasks-summary-'));
  fs.writeFileSync(
    path.join(root, 'TASKS.md'),
    [
      '# Tasks',
      '',
      line('x', 'Ship the exporter', '!high · #export', 'done0001 tier=degraded created=2026-02-01T08:00:00.000Z done=2026-03-09T16:00:00.000Z'),
      line('x', 'Archive old logs', '#ops', 'done0002 tier=degraded created=2026-01-01T08:00:00.000Z done=2026-02-20T16:00:00.000Z'),
      line('x', '~~Drop IE11 polyfills~~ (resolved in code)', '#build', 'gone0001 tier=degraded status=resolved-in-code created=2026-02-01T08:00:00.000Z done=2026-03-08T10:00:00.000Z'),
      line(' ', 'Write the release notes', '#docs', 'new00001 tier=degraded created=2026-03-09T11:00:00.000Z'),
      line(' ', 'Renew the certificate', 'due 2026-03-07 · !high · #ops', 'late0001 tier=degraded created=2026-02-15T08:00:00.000Z'),
      line(' ', 'Pay the invoice', 'due 2026-03-12', 'soon0001 tier=degraded created=2026-02-15T08:00:00.000Z'),
      line(' ', 'Plan the offsite', 'due 2026-04-30 · #team', 'far00001 tier=degraded created=2026-02-15T08:00:00.000Z'),
      '',
    ].join('\n'),
  );
  return root;
}

const idsOf = (j: SummaryJson, kind: string) => j.sections[kind]?.groups.flatMap((g) => g.tasks.map((t) => t.id));

describe('tasks summary (built CLI)', function () {
  this.timeout(120_000);
  let root: string;
  let home: string;

  before(function () {
    assertBuilt(fullBundle);
    root = makeWorkspace();
    home = fs.mkdtempSync(path.join(os.tmpdir(), 'lf-tasks-summary-home-'));
  });
  after(() => {
    fs.rmSync(root, { recursive: true, force: true });
    fs.rmSync(home, { recursive: true, force: true });
  });

  it('--json: each section holds the tasks of its kind, by tag', async () => {
    const r = await cli(['tasks', 'summary', '--json', '--since', '7d', '--now', NOW, '--tz', 'UTC', '--path', root], home);
    assert.equal(r.code, 0, r.err);
    const j = JSON.parse(r.out) as SummaryJson;
    assert.equal(j.file, path.join(root, 'TASKS.md'));
    assert.deepEqual(j.period, { ...j.period, since: '7d', from: '2026-03-04T00:00:00.000Z', until: '2026-03-10T09:00:00.000Z' });
    assert.deepEqual(idsOf(j, 'done'), ['done0001']);
    assert.deepEqual(idsOf(j, 'resolved'), ['gone0001']);
    assert.deepEqual(idsOf(j, 'added'), ['new00001']);
    assert.deepEqual(idsOf(j, 'overdue'), ['late0001']);
    assert.deepEqual(idsOf(j, 'dueNext'), ['soon0001']);
    assert.deepEqual(j.sections.overdue?.groups.map((g) => g.tag), ['ops']);
    assert.deepEqual(j.sections.dueNext?.groups.map((g) => g.tag), [null]);
  });

  it('--since moves the period: a month back finds the older done task', async () => {
    const r = await cli(['tasks', 'summary', '--json', '--since', '2026-02-10', '--now', NOW, '--tz', 'UTC', '--path', root], home);
    assert.equal(r.code, 0, r.err);
    const j = JSON.parse(r.out) as SummaryJson;
    // By tag first (#export before #ops), then by time within a tag; untagged last.
    assert.deepEqual(idsOf(j, 'done'), ['done0001', 'done0002']);
    assert.deepEqual(idsOf(j, 'added'), ['new00001', 'late0001', 'far00001', 'soon0001']);
  });

  it('--md (and the default): a stand-up note with a section per kind and tag subheadings', async () => {
    const md = await cli(['tasks', 'summary', '--md', '--now', NOW, '--tz', 'UTC', '--path', root], home);
    assert.equal(md.code, 0, md.err);
    const plain = await cli(['tasks', 'summary', '--now', NOW, '--tz', 'UTC', '--path', root], home);
    assert.equal(plain.out, md.out, 'Markdown is the default');
    const text = md.out;
    assert.match(text, /^# Summary 2026-03-04 to 2026-03-10\n/);
    const sections = [...text.matchAll(/^## (.+)$/gm)].map((m) => m[1]);
    assert.deepEqual(sections, ['Done (1)', 'Resolved in code (1)', 'Added (1)', 'Overdue (1)', 'Due in the next 7 days (1)']);
    assert.match(text, /## Done \(1\)\n\n### #export\n\n- Ship the exporter — !high\n/);
    assert.match(text, /## Resolved in code \(1\)\n\n### #build\n\n- Drop IE11 polyfills\n/, 'the title without its strike-through and marker');
    assert.match(text, /## Overdue \(1\)\n\n### #ops\n\n- Renew the certificate — due 2026-03-07 · !high\n/);
    assert.match(text, /## Due in the next 7 days \(1\)\n\n### Untagged\n\n- Pay the invoice — due 2026-03-12\n/);
    assert.doesNotMatch(text, /Archive old logs|Plan the offsite/);
  });

  it('a bad --since is a usage error that says what works, exit 2', async () => {
    const r = await cli(['tasks', 'summary', '--since', 'last week', '--path', root], home);
    assert.equal(r.code, 2);
    assert.match(r.err, /--since last week is not a period; use today, a number of days such as 7d, or a date such as 2026-03-01/);
    assert.equal(r.out, '');
    const both = await cli(['tasks', 'summary', '--json', '--md', '--path', root], home);
    assert.equal(both.code, 2);
  });
});
