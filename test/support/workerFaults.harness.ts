// The worker-fault run of workerFaults.suite.ts, which test/integration/workerFaults.test.ts (6
// kills) and test/stress/workerFaults.stress.ts (50 kills) call with their counts.
//
// The real worker (dist/worker.js, realWorker.ts) driven by the WorkerClient the extension uses,
// with the host's defaults (backoff, ready timeout), and the host's outage message logic
// (WorkerOutageNotice, with its default 30 s) fed by the client's onDown/onUp as extension.ts feeds
// it. Each cycle starts one activity, then SIGKILLs the worker at a random moment while the request
// is in flight:
//   indexing  notes/index of a generated notes folder with the tiny embedder fixture (new and edited
//             notes each time, so there is work), killed at a random point of its progress;
//   parsing   tasks/parse on the local tier (stories260K), killed after a random delay;
//   review    review/run on the local tier (stories260K, several parts), killed after a random delay.
// Checked each time: the pending request fails with worker-exited; the worker restarts after the
// first backoff delay and a new one answers within 2 s of the kill (on a busy machine, within the
// delay plus three of this run's own first starts: restartLimitMs); the outage message shows once
// per outage (a kill within 30 s of the last restart is the same outage) and the request's failure
// adds no second message; the notes index opens and answers a keyword search for a note of a
// finished run. The host captures a task through TaskStore while the activity runs and another one
// during the outage (the parse killed mid-way is captured by the rules, as the extension's fallback
// does). At the end every captured task is in the task file and a full notes/index completes with
// every note, chunk and vector.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { LocalFocusError, toLocalFocusError } from '../../src/core/errors';
import { isNotesIndexPartial, type NotesIndexPartial } from '../../src/core/notesProtocol';
import { parseTaskRules } from '../../src/core/tasks/parseTaskRules';
import type { Task } from '../../src/core/tasks/task';
import { newTaskId } from '../../src/core/tasks/taskIdentity';
import { TaskStore } from '../../src/core/tasks/taskStore';
import type { TaskParseResult } from '../../src/core/tasksProtocol';
import { WorkerOutageNotice } from '../../src/core/workerOutageNotice';
import { mulberry32 } from './mulberry32';
import { assertBuilt, RealWorker } from './realWorker';
import { sharedModel, sharedModelsDir, STORIES_260K } from './sharedModels.cjs';
import { makeTinyEmbedder, tinyEmbedderDir as tinyModel } from './tinyEmbedder';

const stories = path.join(sharedModelsDir, STORIES_260K);

/** What the host promises after a kill, on an idle machine: a new worker answering within this time. */
export const RESTART_LIMIT_MS = 2_000;
/** WorkerClient's first backoff step: a worker that had served restarts after it, however often it is killed. */
const FIRST_RESTART_DELAY_MS = 250;

/**
 * The limit for one restart. A restart is the backoff delay plus a fresh start of the worker
 * (spawn, load, configure, answer), and a start takes several times longer when other processes
 * keep the cores busy (over 3 s with both cores of a 2-core machine busy). So the limit is
 * RESTART_LIMIT_MS or, when larger, the delay plus three times this run's own first start, measured
 * on the same machine under the same load.
 */
export function restartLimitMs(restartInMs: number, firstStartMs: number): number {
  return Math.max(RESTART_LIMIT_MS, restartInMs + 3 * firstStartMs);
}
/** WorkerOutageNotice's default: a worker up this long ends the outage. */
const OUTAGE_STABLE_MS = 30_000;

export type Activity = 'indexing' | 'parsing' | 'review';
export const ACTIVITIES: readonly Activity[] = ['indexing', 'parsing', 'review'];

export interface WorkerFaultOptions {
  kills: Record<Activity, number>;
  seed: number;
  dir: string;
  /** Notes in the folder at the start; each indexing cycle adds `notesPerCycle` and edits a few. */
  initialNotes: number;
  notesPerCycle: number;
  /** After these kill numbers (1-based) the run waits until the outage is over, so the next kill is a new outage. */
  newOutageAfter?: number[];
  log?: (line: string) => void;
}

export interface WorkerFaultReport {
  seed: number;
  kills: Record<Activity, number>;
  restarts: number;
  /** Kill → first answered request of the new worker, ms, per kill. */
  restartMs: number[];
  /** The first worker's start (spawn to its first answer), ms: the baseline of the restart limit. */
  firstStartMs: number;
  /** Kill → the pending request rejected with worker-exited, ms, max. */
  maxFailMs: number;
  outages: number;
  messagesShown: number;
  /** Request failures during an outage the outage message did not cover (each would be a message of its own). */
  uncoveredFailures: number;
  /** Cycles whose request finished before the random moment came; retried with a shorter delay, not counted. */
  retriedEarlyFinish: number;
  tasksCaptured: number;
  tasksCapturedDuringOutage: number;
  tasksLost: number;
  searchesAfterRestart: number;
  rebuilds: string[];
  index: { files: number; chunks: number; vectors: number; notes: number; spotChecks: number; finalRunMs: number };
  maxHostRssMb: number;
  ms: number;
}

const WORDS = 'river stone lantern orchard copper meadow harbor signal ledger quartz willow ember canyon velvet summit thistle'.split(' ');

/** A two-section note: two chunks with the tiny embedder's tokenizer, with a token found in no other note. */
function noteText(i: number, version: number): string {
  let s = i * 7919 + version * 104_729 + 1;
  const words = (n: number): string => {
    const out: string[] = [];
    for (let k = 0; k < n; k++) {
      s = (s * 1103515245 + 12345) & 0x7fffffff;
      out.push(WORDS[s % WORDS.length]!);
    }
    return out.join(' ');
  };
  return `# Note ${i}\n\n${words(30)} uniq${i}mark ${words(30)}.\n\n## Part two\n\n${words(80)} v${version}.\n`;
}

const REVIEW_TEXT = Array.from({ length: 16 }, (_, i) => `function f${i}(items) {\n  let t = 0;\n  for (const x of items) t += x * ${i};\n  return t;\n}`).join('\n\n');
const TODO_TEXTS = ['TODO(ana): fix login redirect tomorrow 3pm !high #auth', 'FIXME: the exporter drops the last row #export', 'TODO: profile the note index next week !low', 'TODO(bo): answer the review comments by friday'];

function percentile(xs: number[], p: number): number {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

async function waitFor(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(5);
  }
}

/** Throws, saying what to do, when dist/worker.js or the shared stories260K is missing. */
export function assertPrerequisites(): void {
  assertBuilt();
  sharedModel(STORIES_260K);
}

export async function runWorkerFaults(opts: WorkerFaultOptions): Promise<WorkerFaultReport> {
  const started = Date.now();
  const log = opts.log ?? (() => undefined);
  const rand = mulberry32(opts.seed);
  makeTinyEmbedder();

  const home = path.join(opts.dir, 'home');
  const notes = path.join(opts.dir, 'notes');
  const project = path.join(opts.dir, 'project');
  fs.mkdirSync(notes, { recursive: true });
  fs.mkdirSync(project, { recursive: true });
  const noteVersion: number[] = [];
  const writeNote = (i: number) => {
    noteVersion[i] = (noteVersion[i] ?? -1) + 1;
    fs.writeFileSync(path.join(notes, `note-${i}.md`), noteText(i, noteVersion[i]!));
  };
  for (let i = 0; i < opts.initialNotes; i++) writeNote(i);
  /** Notes whose current version a finished notes/index run saw: the keyword spot checks ask for these. */
  let indexedNotes = opts.initialNotes;

  const report: WorkerFaultReport = {
    seed: opts.seed,
    kills: { indexing: 0, parsing: 0, review: 0 },
    restarts: 0,
    restartMs: [],
    firstStartMs: 0,
    maxFailMs: 0,
    outages: 0,
    messagesShown: 0,
    uncoveredFailures: 0,
    retriedEarlyFinish: 0,
    tasksCaptured: 0,
    tasksCapturedDuringOutage: 0,
    tasksLost: 0,
    searchesAfterRestart: 0,
    rebuilds: [],
    index: { files: 0, chunks: 0, vectors: 0, notes: 0, spotChecks: 0, finalRunMs: 0 },
    maxHostRssMb: 0,
    ms: 0,
  };

  // The host's side, as extension.ts wires it.
  const messages: { at: number; text: string }[] = [];
  const notice = new WorkerOutageNotice({ show: (text) => messages.push({ at: Date.now(), text }) });
  const downs: { at: number; signal: NodeJS.Signals | null; restartInMs: number }[] = [];
  const ups: number[] = [];
  const worker = new RealWorker({
    home,
    config: { models: { taskParsing: stories, codeReview: stories, embeddings: tinyModel } },
    // Frequent index checkpoints so kills land between saves too.
    tuning: { notesCheckpointMs: 150 },
    onDown: (info) => {
      downs.push({ at: Date.now(), signal: info.signal, restartInMs: info.restartInMs });
      notice.down(info.signal ? `signal ${info.signal}` : `exit code ${info.code}`);
    },
    onUp: () => {
      ups.push(Date.now());
      notice.up();
    },
  });
  const { client, progress } = worker;

  const store = new TaskStore({ filePath: path.join(project, 'TASKS.md') });
  const captured = new Set<string>();
  const capture = async (fields: Pick<TaskParseResult, 'title' | 'tags' | 'due' | 'priority' | 'assignee' | 'tier'>, text: string): Promise<void> => {
    const task: Task = { id: newTaskId(), title: fields.title, tags: [...fields.tags], status: 'open', tier: fields.tier, created: new Date().toISOString(), source: { path: 'src/app.ts', line: captured.size, text } };
    if (fields.due) task.due = fields.due;
    if (fields.priority) task.priority = fields.priority;
    if (fields.assignee) task.assignee = fields.assignee;
    await store.addTask(task);
    captured.add(task.id);
    report.tasksCaptured++;
  };
  const captureByRules = (text: string) => capture(parseTaskRules(text, { now: new Date(), timeZone: 'UTC' }), text);

  const partials = (requestId: string): NotesIndexPartial[] =>
    progress.filter((p) => p.requestId === requestId && isNotesIndexPartial(p.partial)).map((p) => p.partial as NotesIndexPartial);

  const spotCheck = async (): Promise<void> => {
    const stats = await client.request('notes/stats', { folder: notes });
    if (stats.stats.rebuildReason) report.rebuilds.push(stats.stats.rebuildReason);
    assert.equal(stats.stats.chunks, stats.stats.files * 2, `every indexed note has its two chunks (${stats.stats.files} files, ${stats.stats.chunks} chunks)`);
    assert.ok(stats.stats.vectors <= stats.stats.chunks);
    const i = Math.floor(rand() * indexedNotes);
    const found = await client.request('notes/search', { folder: notes, query: `uniq${i}mark`, tier: 'keyword', k: 3 });
    if (!stats.stats.rebuildReason) {
      assert.equal(found.results[0]?.file, `note-${i}.md`, `the index answers for note ${i} after the restart`);
    }
    report.searchesAfterRestart++;
  };

  let seq = 0;
  // Upper bounds of the random kill delays; a request that finishes sooner is tried again with half.
  const parseMs = 1500;
  const reviewMs = 3000;

  try {
    const startedAt = Date.now();
    await client.start();
    await client.request('worker/status', {});
    report.firstStartMs = Date.now() - startedAt;
    // Finished runs of each activity first: the index of the starting notes, and how long a parse and a review take here.
    const first = await client.request('notes/index', { folder: notes });
    assert.equal(first.stats.chunks, opts.initialNotes * 2);
    log(`first index of ${opts.initialNotes} notes: ${first.ms.toFixed(0)} ms`);

    // The order of the kills: each activity its number of times, shuffled.
    const plan: Activity[] = ACTIVITIES.flatMap((a) => Array<Activity>(opts.kills[a]).fill(a));
    for (let i = plan.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [plan[i], plan[j]] = [plan[j]!, plan[i]!];
    }

    let killNo = 0;
    for (const activity of plan) {
      let shrink = 1;
      for (;;) {
        const requestId = `${activity}-${++seq}`;
        let pending: Promise<unknown>;
        let killAt: () => Promise<void>;
        const todo = TODO_TEXTS[seq % TODO_TEXTS.length]!;
        if (activity === 'indexing') {
          // New notes and edits to finished ones: there is embedding to do.
          const from = noteVersion.length;
          for (let k = 0; k < opts.notesPerCycle; k++) writeNote(from + k);
          for (let k = 0; k < 5; k++) writeNote(Math.floor(rand() * from));
          pending = client.request('notes/index', { folder: notes, requestId });
          const f = rand();
          killAt = async () => {
            // A random point of the run: 10% within its first 30 ms (walking the folder, opening the
            // index), the rest at a random share of the embedding done.
            if (f < 0.1) await sleep(f * 300 * shrink);
            else {
              const target = ((f - 0.1) / 0.9) * 0.9 * shrink;
              await waitFor(() => settled || partials(requestId).some((p) => p.phase === 'embedding' && p.total > 0 && p.done >= p.total * target), 120_000, `${requestId} at ${Math.round(target * 100)}%`);
            }
          };
        } else if (activity === 'parsing') {
          pending = client.request('tasks/parse', { text: todo, now: new Date().toISOString(), timeZone: 'UTC' });
          const delay = rand() * parseMs * shrink;
          killAt = () => sleep(delay);
        } else {
          pending = client.request('review/run', { requestId, path: 'many.js', text: REVIEW_TEXT, tier: 'local', contextTokens: 1024, answerTokens: 128 });
          const delay = rand() * reviewMs * shrink;
          killAt = () => sleep(delay);
        }
        let settled = false;
        const outcome = pending.then(
          (value) => ({ ok: true as const, value }),
          (err: unknown) => ({ ok: false as const, err: toLocalFocusError(err) }),
        );
        void outcome.then(() => (settled = true));

        // The user captures a task while the worker works: the host writes it, the worker is not involved.
        await captureByRules(`TODO: while ${activity} runs, note ${seq}`);
        await killAt();
        if (settled) {
          // The request finished before the random moment: no kill during it. Try again, sooner.
          report.retriedEarlyFinish++;
          const r = await outcome;
          if (activity === 'parsing' && r.ok) await capture(r.value as TaskParseResult, todo);
          shrink *= 0.5;
          assert.ok(shrink > 0.01, `${activity} keeps finishing before the kill`);
          continue;
        }

        const pid = client.pid!;
        const restartsBefore = client.restartCount;
        const downsBefore = downs.length;
        const messagesBefore = messages.length;
        const lastUp = ups[ups.length - 1] ?? 0;
        const killedAt = Date.now();
        process.kill(pid, 'SIGKILL');
        killNo++;
        report.kills[activity]++;

        // The host meanwhile: it captures a task during the outage, and the parse killed mid-way by the rules.
        const r = await outcome;
        const failMs = Date.now() - killedAt;
        report.maxFailMs = Math.max(report.maxFailMs, failMs);
        assert.equal(r.ok, false, `${requestId} was in flight at the kill`);
        const err = (r as { err: LocalFocusError }).err;
        assert.equal(err.code, 'worker-exited', `${requestId} failed with ${err.code}: ${err.message}`);
        if (!notice.covers(err)) report.uncoveredFailures++;
        await captureByRules(`TODO: during outage ${killNo}, after ${activity}`);
        report.tasksCapturedDuringOutage++;
        if (activity === 'parsing') await captureByRules(todo);

        // Serving again: the first request the new worker answers.
        for (;;) {
          try {
            await client.request('worker/status', {});
            break;
          } catch (e) {
            if (toLocalFocusError(e).code !== 'worker-exited' || Date.now() - killedAt > 30_000) throw e;
            await sleep(10);
          }
        }
        const restartMs = Date.now() - killedAt;
        report.restartMs.push(restartMs);
        assert.notEqual(client.pid, pid, 'a new worker process answers');
        assert.equal(client.restartCount, restartsBefore + 1, 'one restart per kill');
        assert.equal(downs.length, downsBefore + 1, 'one onDown per kill');
        assert.equal(downs[downs.length - 1]!.signal, 'SIGKILL');

        // One message per outage: a kill after the worker stayed up 30 s starts a new one.
        const gap = downs[downs.length - 1]!.at - lastUp;
        const shown = messages.length - messagesBefore;
        if (killNo === 1 || gap > OUTAGE_STABLE_MS + 1_000) {
          assert.equal(shown, 1, `kill ${killNo} starts an outage (${gap} ms after the last restart): one message`);
          assert.match(messages[messages.length - 1]!.text, /inference process stopped with signal SIGKILL\. It is restarting/);
          report.outages++;
        } else if (gap < OUTAGE_STABLE_MS - 1_000) {
          assert.equal(shown, 0, `kill ${killNo} is in the same outage (${gap} ms after the last restart): no new message`);
        }
        log(`kill ${killNo} (${activity}): failed in ${failMs} ms, serving again in ${restartMs} ms (backoff ${downs[downs.length - 1]!.restartInMs} ms), message ${shown ? 'shown' : 'not repeated'}`);
        const restartInMs = downs[downs.length - 1]!.restartInMs;
        assert.equal(restartInMs, FIRST_RESTART_DELAY_MS, `kill ${killNo}: a worker that had served restarts after the first delay`);
        const limitMs = restartLimitMs(restartInMs, report.firstStartMs);
        assert.ok(restartMs < limitMs, `kill ${killNo} (${activity}): the worker was serving again after ${restartMs} ms, more than ${limitMs} ms (the first start took ${report.firstStartMs} ms)`);

        await spotCheck();
        report.maxHostRssMb = Math.max(report.maxHostRssMb, process.memoryUsage().rss / 2 ** 20);
        if (opts.newOutageAfter?.includes(killNo)) {
          log(`waiting ${OUTAGE_STABLE_MS / 1000 + 1} s with the worker up: the next kill is a new outage`);
          await sleep(OUTAGE_STABLE_MS + 1_500);
          assert.equal(notice.inOutage, false, 'a worker up for 30 s ends the outage');
        }
        break;
      }
    }
    report.restarts = client.restartCount;
    report.messagesShown = messages.length;
    assert.equal(report.messagesShown, report.outages, 'one message per outage');
    assert.equal(report.uncoveredFailures, 0, 'no request failure needs a message of its own');

    // Afterwards: a full run finishes everything the kills interrupted, and every note is found.
    const t = Date.now();
    const last = await client.request('notes/index', { folder: notes });
    report.index.finalRunMs = Date.now() - t;
    indexedNotes = noteVersion.length;
    const total = noteVersion.length;
    assert.equal(last.filesInScope, total);
    assert.equal(last.stats.files, total);
    assert.equal(last.stats.chunks, total * 2);
    assert.equal(last.stats.vectors, total * 2, 'every chunk has its vector');
    for (let k = 0; k < 20; k++) {
      const i = Math.floor((k * total) / 20);
      const found = await client.request('notes/search', { folder: notes, query: `uniq${i}mark`, tier: 'keyword', k: 3 });
      assert.equal(found.results[0]?.file, `note-${i}.md`);
      const hybrid = await client.request('notes/search', { folder: notes, query: `uniq${i}mark v${noteVersion[i]}`, k: 5 });
      assert.equal(hybrid.tier, 'hybrid');
      assert.ok(hybrid.results.some((h) => h.file === `note-${i}.md`), `hybrid search finds note ${i}`);
      report.index.spotChecks++;
    }
    report.index = { ...report.index, files: last.stats.files, chunks: last.stats.chunks, vectors: last.stats.vectors, notes: total };

    // No task lost: every task the host captured is in the file.
    const { tasks } = await store.read();
    const inFile = new Set(tasks.map((x) => x.id));
    report.tasksLost = [...captured].filter((id) => !inFile.has(id)).length;
    assert.equal(report.tasksLost, 0, 'every captured task is in TASKS.md');
    assert.equal(tasks.length, captured.size);
  } catch (err) {
    log(`worker log (last 30 lines):\n  ${worker.logs.slice(-30).join('\n  ')}`);
    throw err;
  } finally {
    notice.dispose();
    await worker.stop();
  }
  report.ms = Date.now() - started;
  return report;
}

export function formatWorkerFaultReport(r: WorkerFaultReport): string {
  const k = r.kills;
  const total = k.indexing + k.parsing + k.review;
  const max = Math.max(...r.restartMs);
  return (
    `worker faults: ${total} kills (${k.indexing} indexing, ${k.parsing} parsing, ${k.review} review), ${r.restarts} restarts, ` +
    `restart max ${(max / 1000).toFixed(2)} s (limit ${(restartLimitMs(FIRST_RESTART_DELAY_MS, r.firstStartMs) / 1000).toFixed(2)} s, first start ${r.firstStartMs} ms), p95 ${(percentile(r.restartMs, 95) / 1000).toFixed(2)} s, median ${(percentile(r.restartMs, 50) / 1000).toFixed(2)} s; ` +
    `pending request failed with worker-exited after at most ${r.maxFailMs} ms; ${r.outages} outages, ${r.messagesShown} messages shown, ${r.uncoveredFailures} extra; ` +
    `tasks captured ${r.tasksCaptured} (${r.tasksCapturedDuringOutage} during outages), tasks lost ${r.tasksLost}; ` +
    `index after: ${r.searchesAfterRestart} searches after restarts answered, ${r.rebuilds.length} rebuilds${r.rebuilds.length ? ` (${[...new Set(r.rebuilds)].join('; ')})` : ''}, ` +
    `final run complete: ${r.index.notes} notes, ${r.index.chunks} chunks, ${r.index.vectors} vectors in ${(r.index.finalRunMs / 1000).toFixed(1)} s, ${r.index.spotChecks} keyword+hybrid spot checks; ` +
    `${r.retriedEarlyFinish} cycles retried (request finished before the kill moment); host RSS max ${r.maxHostRssMb.toFixed(0)} MB; seed ${r.seed}, ${(r.ms / 1000).toFixed(0)} s`
  );
}
