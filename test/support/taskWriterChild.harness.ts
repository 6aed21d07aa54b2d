// The task-file kill run of taskFileKills.suite.ts, which test/integration/taskFileKill.test.ts
// (~30 writes) and test/stress/taskFile.stress.ts (200 writes) call with their counts.
//
// A child process (taskWriterChild.ts) writes TASKS.md through the real TaskStore, in batches the
// parent sends; the parent SIGKILLs it at random moments. Between batches another "program" edits
// the file directly, the ways git checkout does (contents replaced through a rename, written in
// place, or deleted and created again), sometimes while the writer is dead and sometimes while it is
// alive and holds a snapshot the edit made stale.
//
// The oracle: before each batch the parent reads the file (nothing writes it then), so it knows the
// old version exactly; it applies the batch's operations to that text with the task-file functions
// (the same semantics TaskStore promises: each operation applied to the content on disk, a field
// edit refused when its task changed since it was seen) to get the version after each write.
// After a kill the file must be one of those versions, at or after the last acknowledged one:
// never truncated, never a mix. Independently of the oracle, every line an outside edit wrote is a
// marker that must still be in the file after every later write of the child (edits lost: 0).
import assert from 'node:assert/strict';
import { fork, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Task, TaskStatus } from '../../src/core/tasks/task';
import { withStatus } from '../../src/core/tasks/taskStatusChange';
import { findTaskLine, formatTaskLine, parseTaskFile, removeTask, serializeTaskFile, tasksOf, upsertTask, NEW_TASK_FILE_HEADER } from '../../src/core/tasks/taskFile';
import { mulberry32 } from './mulberry32';
import { WRITER_NOW, type WriterAck, type WriterOp } from './taskWriterChild.protocol';

const CHILD = path.join(__dirname, 'taskWriterChild.ts');

export interface TaskFileKillOptions {
  /** Stop once this many writes were attempted (committed, plus the ones a kill interrupted). */
  writes: number;
  seed: number;
  /** Tasks in the file at the start: a bigger file makes each write take longer, so more kills land inside one. */
  initialTasks: number;
  dir: string;
}

export interface TaskFileKillReport {
  seed: number;
  writesAttempted: number;
  writesCommitted: number;
  batches: number;
  kills: number;
  /** Per kill: the file held the version before the write in flight, the one after it, or the batch had ended. */
  outcomes: { old: number; new: number; batchDone: number };
  /** Kills that left a temp file (killed between the temp file and the rename), all removed by the next writer. */
  tempFilesLeft: number;
  tempFilesRemoved: number;
  externalEdits: { total: number; rename: number; inPlace: number; recreate: number; whileWriterAlive: number; whileWriterDead: number };
  /** Field edits and status changes refused because an outside edit changed or removed their task. */
  conflictsRefused: number;
  markersChecked: number;
  editsLost: number;
  childStarts: number;
  maxWriteMs: number;
  ms: number;
}

interface Outcome {
  text: string;
  outcome: 'ok' | 'conflict';
}

/** What TaskStore promises for one operation on the file's current text. */
function applyOp(text: string, op: WriterOp): Outcome {
  const doc = parseTaskFile(text);
  switch (op.kind) {
    case 'add':
      upsertTask(doc, op.task);
      break;
    case 'status': {
      const line = findTaskLine(doc, op.id);
      if (!line) return { text, outcome: 'conflict' };
      if (line.task.status !== op.status) {
        line.task = withStatus(line.task, op.status, WRITER_NOW);
        line.dirty = true;
      }
      break;
    }
    case 'edit': {
      const line = findTaskLine(doc, op.id);
      if (!line) return { text, outcome: 'conflict' };
      if (op.seen && formatTaskLine(op.seen) !== formatTaskLine(line.task)) return { text, outcome: 'conflict' };
      line.task = { ...line.task, ...op.patch, id: op.id };
      line.dirty = true;
      break;
    }
    case 'delete':
      removeTask(doc, op.id);
      break;
  }
  return { text: serializeTaskFile(doc), outcome: 'ok' };
}

class Writer {
  readonly child: ChildProcess;
  readonly acks: WriterAck[] = [];
  readonly ackTimes: number[] = [];
  readonly exited: Promise<void>;
  private readySeen = false;
  private ackListener: (() => void) | undefined;

  constructor(file: string) {
    this.child = fork(CHILD, [file], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    this.exited = new Promise((resolve) => this.child.once('exit', () => resolve()));
    this.child.on('message', (m: WriterAck | { type: 'ready' }) => {
      if (m.type === 'ready') this.readySeen = true;
      if (m.type === 'done') {
        this.acks.push(m);
        this.ackTimes.push(performance.now());
      }
      this.ackListener?.();
    });
  }

  get pid(): number {
    return this.child.pid!;
  }

  async ready(): Promise<void> {
    await this.until(() => this.readySeen, 60_000, 'the writer to start');
  }

  /** Waits for `check`, woken by each message of the writer. */
  async until(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
    const end = Date.now() + timeoutMs;
    while (!check()) {
      if (this.child.exitCode !== null || this.child.signalCode !== null) throw new Error(`the writer exited while waiting for ${what}`);
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 50);
        this.ackListener = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  }

  send(ops: WriterOp[]): void {
    this.child.send({ type: 'batch', ops });
  }

  async kill(): Promise<void> {
    this.child.kill('SIGKILL');
    await this.exited;
  }

  async close(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) {
      this.child.disconnect();
      await this.exited;
    }
  }
}

function tempFiles(file: string): string[] {
  const prefix = `.${path.basename(file)}.`;
  return fs.readdirSync(path.dirname(file)).filter((n) => n.startsWith(prefix) && n.endsWith('.tmp'));
}

export async function runTaskFileKills(opts: TaskFileKillOptions): Promise<TaskFileKillReport> {
  const started = Date.now();
  const rand = mulberry32(opts.seed);
  const int = (n: number) => Math.floor(rand() * n);
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)]!;
  const file = path.join(opts.dir, 'TASKS.md');
  let idCounter = 0;
  const newId = () => `k${opts.seed.toString(36)}x${(idCounter++).toString(36)}`;
  const now = new Date('2026-03-10T09:30:00Z');
  const makeTask = (): Task => {
    const t: Task = { id: newId(), title: `Task ${idCounter} ${pick(['fix login redirect', 'write the exporter', 'profile the index', 'answer Ana', 'ship 0.2'])}`, tags: [], status: 'open', tier: pick(['local', 'degraded'] as const), created: now.toISOString() };
    if (rand() < 0.5) t.tags = [pick(['auth', 'perf', 'docs', 'ui'])];
    if (rand() < 0.4) t.priority = pick(['high', 'medium', 'low'] as const);
    if (rand() < 0.3) t.due = `2026-0${1 + int(9)}-1${int(10)}`;
    if (rand() < 0.3) t.source = { path: `src/file${int(20)}.ts`, line: int(400), text: `fix it ${idCounter}` };
    return t;
  };

  // The starting file: a header, a note and `initialTasks` tasks.
  const doc = parseTaskFile([...NEW_TASK_FILE_HEADER, ''].join('\n'));
  for (let i = 0; i < opts.initialTasks; i++) upsertTask(doc, makeTask());
  fs.writeFileSync(file, serializeTaskFile(doc));

  const report: TaskFileKillReport = {
    seed: opts.seed,
    writesAttempted: 0,
    writesCommitted: 0,
    batches: 0,
    kills: 0,
    outcomes: { old: 0, new: 0, batchDone: 0 },
    tempFilesLeft: 0,
    tempFilesRemoved: 0,
    externalEdits: { total: 0, rename: 0, inPlace: 0, recreate: 0, whileWriterAlive: 0, whileWriterDead: 0 },
    conflictsRefused: 0,
    markersChecked: 0,
    editsLost: 0,
    childStarts: 0,
    maxWriteMs: 0,
    ms: 0,
  };

  /** Lines an outside edit wrote that must survive the child's later writes. */
  let markers = new Set<string>();
  /** Ids of tasks an outside edit changed: the child edits them only as conflict probes. */
  let protectedIds = new Set<string>();
  /** Probes for the next batch: operations that must be refused because of the last outside edit. */
  let probes: WriterOp[] = [];
  const history: string[] = [];
  let seq = 0;
  let perWriteMs = 10;
  let writer: Writer | undefined;
  let orphansToClear: string[] = [];

  const startWriter = async (): Promise<Writer> => {
    const w = new Writer(file);
    await w.ready();
    report.childStarts++;
    return w;
  };

  const checkMarkers = (text: string, when: string): void => {
    const lines = new Set(text.split(/\r?\n/));
    for (const m of markers) {
      report.markersChecked++;
      if (!lines.has(m)) {
        report.editsLost++;
        assert.fail(`an outside edit was overwritten ${when} (seed ${opts.seed}): the line ${JSON.stringify(m)} is gone`);
      }
    }
  };

  const externalEdit = (): void => {
    const before = fs.readFileSync(file, 'utf8');
    const n = report.externalEdits.total + 1;
    const d = parseTaskFile(before);
    // Kinds and ways of writing take turns, so even a short run has each of them.
    const kinds = ['hand-lines', 'retitle', 'checkout'] as const;
    const kind = kinds[report.externalEdits.total % 3] === 'checkout' && history.length < 2 ? 'hand-lines' : kinds[report.externalEdits.total % 3]!;
    let after: string;
    probes = [];
    if (kind === 'checkout') {
      // Another branch: an older version of the file with a line of its own, sometimes with CRLF.
      const older = history[int(history.length)]!;
      const branchLine = `<!-- branch b${n}: checked out over the writer's work -->`;
      const lines = older.split('\n');
      lines.splice(1, 0, branchLine);
      after = lines.join('\n');
      if (rand() < 0.25) after = after.replace(/\r?\n/g, '\r\n');
      const kept = new Set(after.split(/\r?\n/));
      markers = new Set([...markers].filter((m) => kept.has(m)));
      markers.add(branchLine);
      const afterIds = new Set(tasksOf(parseTaskFile(after)).map((t) => t.id));
      protectedIds = new Set([...protectedIds].filter((id) => afterIds.has(id)));
      const gone = tasksOf(d).filter((t) => !afterIds.has(t.id) && !t.id.startsWith('h-'));
      if (gone.length) probes.push({ seq: 0, kind: 'status', id: pick(gone).id, status: 'done' });
    } else if (kind === 'retitle') {
      const candidates = tasksOf(d).filter((t) => !t.id.startsWith('h-') && !protectedIds.has(t.id));
      const line = candidates.length ? findTaskLine(d, pick(candidates).id) : undefined;
      if (line) {
        const seen = line.task;
        line.task = { ...seen, title: `Retitled by hand ${n} (${seen.title})` };
        line.dirty = true;
        protectedIds.add(seen.id);
        // The editor still shows the old line and the user edits a field: that must be refused.
        probes.push({ seq: 0, kind: 'edit', id: seen.id, patch: { priority: 'high' }, seen });
      }
      after = serializeTaskFile(d);
      if (line) markers.add(formatTaskLine(line.task));
    } else {
      const hand = `- [ ] Hand-written task ${n} — #ext`;
      const note = `Note ${n} written by hand between two writes.`;
      const eol = before.includes('\r\n') ? '\r\n' : '\n';
      const lines = before.split(eol);
      const at = 1 + int(Math.max(1, lines.length - 2));
      lines.splice(at, 0, hand, note);
      after = lines.join(eol);
      markers.add(hand);
      markers.add(note);
    }
    const how = (['rename', 'inPlace', 'recreate'] as const)[Math.floor(report.externalEdits.total / 3) % 3]!;
    if (how === 'rename') {
      const tmp = path.join(opts.dir, `.git-checkout-${n}`);
      fs.writeFileSync(tmp, after);
      fs.renameSync(tmp, file);
    } else if (how === 'inPlace') {
      fs.writeFileSync(file, after);
    } else {
      fs.unlinkSync(file);
      fs.writeFileSync(file, after);
    }
    report.externalEdits.total++;
    report.externalEdits[how]++;
    report.externalEdits[writer ? 'whileWriterAlive' : 'whileWriterDead']++;
  };

  try {
    while (report.writesAttempted < opts.writes) {
      const e = report.externalEdits;
      if (report.batches > 0 && (rand() < 0.35 || (writer ? e.whileWriterAlive : e.whileWriterDead) === 0)) externalEdit();
      if (!writer) writer = await startWriter();

      const base = fs.readFileSync(file, 'utf8');
      history.push(base);
      checkMarkers(base, 'before a batch');
      // The batch: the conflict probes of the last outside edit first, then ordinary operations.
      const ops: WriterOp[] = probes.map((p) => ({ ...p, seq: ++seq }));
      probes = [];
      const size = 1 + int(8);
      let text = base;
      const versions = [base];
      const expected: ('ok' | 'conflict')[] = [];
      const applyNext = (op: WriterOp) => {
        const r = applyOp(text, op);
        text = r.text;
        versions.push(text);
        expected.push(r.outcome);
      };
      ops.forEach(applyNext);
      for (let i = 0; i < size; i++) {
        const tasks = tasksOf(parseTaskFile(text)).filter((t) => !t.id.startsWith('h-') && !protectedIds.has(t.id));
        const r = rand();
        let op: WriterOp;
        if (tasks.length < 5 || r < 0.45) op = { seq: ++seq, kind: 'add', task: makeTask() };
        else if (r < 0.65) op = { seq: ++seq, kind: 'status', id: pick(tasks).id, status: pick(['open', 'done', 'resolved-in-code'] as TaskStatus[]) };
        else if (r < 0.85) {
          const t = pick(tasks);
          op = { seq: ++seq, kind: 'edit', id: t.id, patch: { title: `${t.title.replace(/ \(edited \d+\)$/, '')} (edited ${seq})`, tags: [pick(['auth', 'perf', 'later'])] }, seen: t };
        } else op = { seq: ++seq, kind: 'delete', id: pick(tasks).id };
        ops.push(op);
        applyNext(op);
      }

      const w = writer;
      const acksBefore = w.acks.length;
      const sentAt = performance.now();
      w.send(ops);
      report.batches++;
      const kill = rand() < 0.7;
      if (kill) {
        // A random moment within the time the batch takes, measured on the batches so far.
        const delay = rand() * ops.length * perWriteMs * 1.2;
        if (delay >= 1) await new Promise((r) => setTimeout(r, delay));
        await w.kill();
        writer = undefined;
        report.kills++;
      } else {
        await w.until(() => w.acks.length - acksBefore >= ops.length, 60_000, 'the batch');
        const ms = (w.ackTimes[w.ackTimes.length - 1]! - sentAt) / ops.length;
        perWriteMs = 0.7 * perWriteMs + 0.3 * ms;
      }
      for (let i = acksBefore + 1; i < w.ackTimes.length; i++) report.maxWriteMs = Math.max(report.maxWriteMs, w.ackTimes[i]! - w.ackTimes[i - 1]!);

      const acks = w.acks.slice(acksBefore);
      acks.forEach((a, i) => {
        assert.equal(a.seq, ops[i]!.seq, 'acknowledged in order');
        assert.notEqual(a.outcome, 'error', `write ${a.seq} failed: ${a.message}`);
        assert.equal(a.outcome, expected[i], `write ${a.seq} (${ops[i]!.kind}) was ${a.outcome}, expected ${expected[i]} (seed ${opts.seed})`);
        if (a.outcome === 'conflict') report.conflictsRefused++;
      });

      // The file is one of the versions at or after the last acknowledged write: whole, never mixed.
      const after = fs.readFileSync(file, 'utf8');
      const acked = acks.length;
      let at = -1;
      for (let j = acked; j < versions.length; j++) {
        if (versions[j] === after) {
          at = j;
          break;
        }
      }
      if (at < 0) {
        const near = versions.findIndex((v) => v === after);
        assert.fail(
          `after ${kill ? 'a kill' : 'a batch'} TASKS.md is neither the old nor the new version (seed ${opts.seed}, batch ${report.batches}, ${acked}/${ops.length} acknowledged, ` +
            `${after.length} bytes${near >= 0 ? `, equals version ${near}` : ''})`,
        );
      }
      checkMarkers(after, `by the writer (batch ${report.batches})`);
      report.writesCommitted += at;
      report.writesAttempted += kill && at < ops.length ? at + 1 : at;
      if (!kill) assert.equal(at, ops.length, 'an uninterrupted batch ends on its last version');
      else if (acked >= ops.length) report.outcomes.batchDone++;
      else if (at === acked) report.outcomes.old++; // the write in flight had not renamed yet
      else report.outcomes.new++; // it had renamed; its acknowledgement died with the writer

      // Temp files of a writer killed before its rename: they stay until the next writer's first write removes them.
      const temps = tempFiles(file);
      if (kill) {
        const mine = temps.filter((n) => n.includes(`.${w.pid}.`));
        report.tempFilesLeft += mine.length;
        orphansToClear.push(...mine);
      } else if (acked > 0 && orphansToClear.length > 0) {
        const still = orphansToClear.filter((n) => temps.includes(n));
        assert.deepEqual(still, [], 'the next writer removes the temp files a killed writer left');
        report.tempFilesRemoved += orphansToClear.length;
        orphansToClear = [];
      }
    }
    // A last uninterrupted write by a fresh writer: it removes what the last kills left.
    if (!writer) writer = await startWriter();
    const w = writer;
    const before = fs.readFileSync(file, 'utf8');
    const op: WriterOp = { seq: ++seq, kind: 'add', task: makeTask() };
    const expectedFinal = applyOp(before, op).text;
    const n = w.acks.length;
    w.send([op]);
    await w.until(() => w.acks.length > n, 60_000, 'the last write');
    assert.equal(fs.readFileSync(file, 'utf8'), expectedFinal);
    checkMarkers(expectedFinal, 'by the last write');
    const still = orphansToClear.filter((name) => fs.existsSync(path.join(opts.dir, name)));
    assert.deepEqual(still, [], 'no temp file of a killed writer is left');
    report.tempFilesRemoved += orphansToClear.length;
    assert.deepEqual(tempFiles(file), [], 'no temp file left at the end');
  } finally {
    await writer?.close();
  }
  report.ms = Date.now() - started;
  return report;
}

export function formatTaskFileReport(r: TaskFileKillReport): string {
  const e = r.externalEdits;
  return (
    `task file: ${r.writesAttempted} writes attempted (${r.writesCommitted} committed) in ${r.batches} batches by ${r.childStarts} writer processes, ` +
    `${r.kills} SIGKILLs (file after the kill: ${r.outcomes.old} old version, ${r.outcomes.new} new version, ${r.outcomes.batchDone} batch already done; never truncated or mixed), ` +
    `${r.tempFilesLeft} temp files left by kills, ${r.tempFilesRemoved} removed by the next writer; ` +
    `${e.total} outside edits (${e.rename} rename, ${e.inPlace} in place, ${e.recreate} delete+create; ${e.whileWriterAlive} with the writer alive, ${e.whileWriterDead} while it was dead), ` +
    `${r.conflictsRefused} stale edits refused as conflicts, ${r.markersChecked} marker checks, edits lost ${r.editsLost}; ` +
    `max write ${r.maxWriteMs.toFixed(1)} ms, seed ${r.seed}, ${(r.ms / 1000).toFixed(1)} s`
  );
}
