// Benchmark: per-field accuracy of each task-parsing tier on the hand-labelled dev set, through the
// worker's own code path (WorkerService → tasks/parse → tiers → validation → merge with rules).
//
//   npx tsx bench/task-tiers-accuracy.ts [--devset PATH] [--limit N] [--completion] [--failures]
//
// - rules (degraded): always.
// - local: when LOCAL_FOCUS_TASK_MODEL points to a GGUF file (--completion for base models
//   without a chat template); otherwise "local: skipped (LOCAL_FOCUS_TASK_MODEL not set)".
// - cloud: when LOCAL_FOCUS_API_KEY is set (LOCAL_FOCUS_CLOUD_URL, LOCAL_FOCUS_CLOUD_MODEL as
//   for the CLI); otherwise skipped.
// Each model tier is forced (tier: 'local' / 'cloud'); an answer with nothing usable falls back to
// the rules inside the request, so the figures are what a user gets from that tier, and the
// "rules fallback" column counts how often that happened. "from model" counts the fields the
// model supplied after the merge. Scoring is src/core/tasks/parseAccuracy.ts, shared with
// bench/task-rules-accuracy.ts so the figures compare.

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Tier, WorkerConfig } from '../src/core/protocol';
import { parseLabelledTodo, scoreFields, summarize, type FieldScores, type LabelledTodo } from '../src/core/tasks/parseAccuracy';
import type { TaskFields } from '../src/core/tasks/task';
import type { TaskParseResult } from '../src/core/tasksProtocol';
import { WorkerService } from '../src/inference/service';
import { workerConfigFor } from '../test/support/workerConfig';

const args = process.argv.slice(2);
const option = (name: string): string | undefined => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const devsetPath = path.resolve(option('--devset') ?? path.join(__dirname, '..', 'test', 'fixtures', 'todo-devset.jsonl'));
const limit = option('--limit') ? Math.max(1, Number(option('--limit'))) : Infinity;
const completion = args.includes('--completion');
const showFailures = args.includes('--failures');

const items: LabelledTodo[] = fs
  .readFileSync(devsetPath, 'utf8')
  .split('\n')
  .filter((l) => l.trim())
  .map(parseLabelledTodo);

interface Row {
  item: LabelledTodo;
  result: TaskParseResult;
  scores: FieldScores;
}

interface TierRun {
  name: string;
  tier: Tier;
  rows: Row[];
  ms: number;
  errors: number;
  firstError?: string;
}

function fieldsOf(r: TaskParseResult): TaskFields {
  const f: TaskFields = { title: r.title, tags: r.tags };
  if (r.due) f.due = r.due;
  if (r.priority) f.priority = r.priority;
  if (r.assignee) f.assignee = r.assignee;
  if (r.estimateMinutes) f.estimateMinutes = r.estimateMinutes;
  return f;
}

async function runTier(name: string, tier: Tier, config: WorkerConfig, subset: LabelledTodo[]): Promise<TierRun> {
  const service = new WorkerService({ log: () => undefined, status: () => undefined });
  service.configure(config);
  const run: TierRun = { name, tier, rows: [], ms: 0, errors: 0 };
  const started = performance.now();
  try {
    for (const [i, item] of subset.entries()) {
      try {
        const result = await service.call('tasks/parse', { text: item.text, now: item.now, timeZone: item.timeZone, tier, ...(completion && tier === 'local' ? { completion } : {}) });
        run.rows.push({ item, result, scores: scoreFields(item.expected, fieldsOf(result)) });
      } catch (err) {
        run.errors++;
        run.firstError ??= (err as Error).message;
        // A tier that cannot run at all (no model file, rejected key) fails every item the same way.
        if (run.errors >= 3 && run.rows.length === 0) break;
      }
      if (tier !== 'degraded' && process.stderr.isTTY) process.stderr.write(`\r${name}: ${i + 1}/${subset.length}`);
    }
  } finally {
    if (tier !== 'degraded' && process.stderr.isTTY) process.stderr.write('\n');
    await service.dispose();
  }
  run.ms = performance.now() - started;
  return run;
}

const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;

function report(runs: TierRun[]): void {
  const header = ['tier', 'items', 'due', 'due*', 'priority', 'title F1', 'tags', 'assignee', 'estimate', 'rules fallback', 'from model', 'ms/item'];
  const lines = [header];
  for (const r of runs) {
    const s = summarize(r.rows.map((x) => ({ expected: x.item.expected, scores: x.scores })));
    const modelTier = r.tier !== 'degraded';
    const fallbacks = r.rows.filter((x) => x.result.tier !== r.tier).length;
    const fromModel = r.rows.reduce((n, x) => n + (x.result.fromModel?.length ?? 0), 0);
    lines.push([
      r.name,
      `${s.items}${r.errors ? ` (+${r.errors} errors)` : ''}`,
      pct(s.due),
      pct(s.dueWhereLabelled),
      pct(s.priority),
      s.titleF1.toFixed(3),
      pct(s.tags),
      pct(s.assignee),
      pct(s.estimate),
      modelTier ? `${fallbacks} (${pct(fallbacks / (r.rows.length || 1))})` : '-',
      modelTier ? String(fromModel) : '-',
      (r.ms / Math.max(1, r.rows.length + r.errors)).toFixed(r.tier === 'degraded' ? 2 : 0),
    ]);
  }
  const widths = header.map((_, c) => Math.max(...lines.map((l) => l[c]!.length)));
  for (const l of lines) console.log(l.map((cell, c) => cell.padEnd(widths[c]!)).join('  ').trimEnd());
  console.log('due* = exact due over the items whose label has a due date');
  for (const r of runs) if (r.firstError) console.log(`${r.name}: ${r.errors} item(s) failed, first: ${r.firstError}`);
}

async function main(): Promise<void> {
  const subset = items.slice(0, limit);
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'lf-bench-tiers-'));
  const base = workerConfigFor(home, {
    cloud: { baseUrl: process.env.LOCAL_FOCUS_CLOUD_URL || 'https://openrouter.ai/api/v1', model: process.env.LOCAL_FOCUS_CLOUD_MODEL || 'meta-llama/llama-3.2-3b-instruct' },
    threads: Math.max(1, os.availableParallelism()),
  });
  console.log(`dev set: ${path.relative(process.cwd(), devsetPath)}   items: ${subset.length} of ${items.length}   through WorkerService tasks/parse`);
  const runs: TierRun[] = [await runTier('rules', 'degraded', base, subset)];

  const modelFile = process.env.LOCAL_FOCUS_TASK_MODEL?.trim();
  if (!modelFile) console.log('local: skipped (LOCAL_FOCUS_TASK_MODEL not set)');
  else if (!fs.existsSync(modelFile)) console.log(`local: skipped (LOCAL_FOCUS_TASK_MODEL=${modelFile} does not exist)`);
  else {
    console.log(`local: ${modelFile}${completion ? ' (plain completion)' : ''}, ${base.threads} threads`);
    runs.push(await runTier('local', 'local', { ...base, models: { taskParsing: path.resolve(modelFile) } }, subset));
  }

  const apiKey = process.env.LOCAL_FOCUS_API_KEY?.trim();
  if (!apiKey) console.log('cloud: skipped (LOCAL_FOCUS_API_KEY not set)');
  else {
    console.log(`cloud: ${base.cloud.model} at ${base.cloud.baseUrl}`);
    runs.push(await runTier('cloud', 'cloud', { ...base, cloud: { ...base.cloud, apiKey } }, subset));
  }

  report(runs);
  if (showFailures) {
    for (const r of runs) {
      for (const x of r.rows) {
        const s = x.scores;
        if (s.due && s.priority && s.tags && s.assignee && s.estimate && s.titleF1 === 1) continue;
        const e = x.item.expected;
        const a = x.result;
        const diffs: string[] = [];
        if (!s.due) diffs.push(`due ${e.due ?? '-'} ≠ ${a.due ?? '-'}`);
        if (!s.priority) diffs.push(`priority ${e.priority ?? '-'} ≠ ${a.priority ?? '-'}`);
        if (!s.tags) diffs.push(`tags [${e.tags}] ≠ [${a.tags}]`);
        if (!s.assignee) diffs.push(`assignee ${e.assignee ?? '-'} ≠ ${a.assignee ?? '-'}`);
        if (!s.estimate) diffs.push(`estimate ${e.estimateMinutes ?? '-'} ≠ ${a.estimateMinutes ?? '-'}`);
        if (s.titleF1 < 1) diffs.push(`title "${e.title}" ≠ "${a.title}" (F1 ${s.titleF1.toFixed(2)})`);
        console.log(`[${r.name}${a.tier !== r.tier ? ` → ${a.tier}` : ''}] ${JSON.stringify(x.item.text)}: ${diffs.join('; ')}`);
      }
    }
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
