// Line diff of two texts (Myers' O(ND) algorithm). A diff review of an editor buffer with unsaved
// edits compares the committed text with the buffer directly, where `git diff` only sees the disk;
// the benchmarks use it to find the buggy lines between a buggy and a fixed program.

import { splitLines } from './lines';

export type LineOpKind = 'equal' | 'delete' | 'insert';

export interface LineOp {
  kind: LineOpKind;
  /** 1-based line in the first text (equal, delete). */
  oldLine?: number;
  /** 1-based line in the second text (equal, insert). */
  newLine?: number;
}

export function diffLines(oldLines: readonly string[], newLines: readonly string[], signal?: AbortSignal): LineOp[] {
  let prefix = 0;
  while (prefix < oldLines.length && prefix < newLines.length && oldLines[prefix] === newLines[prefix]) prefix++;
  let suffix = 0;
  while (
    suffix < oldLines.length - prefix &&
    suffix < newLines.length - prefix &&
    oldLines[oldLines.length - 1 - suffix] === newLines[newLines.length - 1 - suffix]
  ) suffix++;

  const a = oldLines.slice(prefix, oldLines.length - suffix);
  const b = newLines.slice(prefix, newLines.length - suffix);
  const ops: LineOp[] = [];
  for (let k = 0; k < prefix; k++) ops.push({ kind: 'equal', oldLine: k + 1, newLine: k + 1 });
  for (const op of myers(a, b, signal)) {
    ops.push({
      kind: op.kind,
      ...(op.oldIndex !== undefined ? { oldLine: op.oldIndex + prefix + 1 } : {}),
      ...(op.newIndex !== undefined ? { newLine: op.newIndex + prefix + 1 } : {}),
    });
  }
  for (let k = 0; k < suffix; k++) {
    ops.push({ kind: 'equal', oldLine: oldLines.length - suffix + k + 1, newLine: newLines.length - suffix + k + 1 });
  }
  return ops;
}

interface RawOp {
  kind: LineOpKind;
  oldIndex?: number;
  newIndex?: number;
}

function myers(a: readonly string[], b: readonly string[], signal?: AbortSignal): RawOp[] {
  const n = a.length;
  const m = b.length;
  const max = n + m;
  // One spare diagonal on each side: the frontier copies below reach diagonals -max-1 and max+1.
  const offset = max + 1;
  const v = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  let found = max === 0;
  for (let d = 0; d <= max && !found; d++) {
    signal?.throwIfAborted();
    // Only diagonals -d-1..d+1 are read back for this step: keeping just those bounds memory by D².
    trace.push(v.slice(offset - d - 1, offset + d + 2));
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && v[offset + k - 1] < v[offset + k + 1]) ? v[offset + k + 1] : v[offset + k - 1] + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) {
        found = true;
        break;
      }
    }
  }
  // Walk the saved frontiers backwards from (n, m) to (0, 0).
  const ops: RawOp[] = [];
  let x = n;
  let y = m;
  for (let d = trace.length - 1; d >= 0 && (x > 0 || y > 0); d--) {
    const frontier = trace[d];
    const at = (diagonal: number): number => frontier[diagonal + d + 1];
    const k = x - y;
    const prevK = k === -d || (k !== d && at(k - 1) < at(k + 1)) ? k + 1 : k - 1;
    const prevX = d === 0 ? 0 : at(prevK);
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) {
      x--;
      y--;
      ops.push({ kind: 'equal', oldIndex: x, newIndex: y });
    }
    if (d === 0) break;
    if (x === prevX) ops.push({ kind: 'insert', newIndex: --y });
    else ops.push({ kind: 'delete', oldIndex: --x });
  }
  while (x > 0 && y > 0) {
    x--;
    y--;
    ops.push({ kind: 'equal', oldIndex: x, newIndex: y });
  }
  return ops.reverse();
}

export interface ChangedLines {
  /** Lines of the first text that the second removed or rewrote. */
  before: Set<number>;
  /** Lines of the second text that are new or rewritten. */
  after: Set<number>;
  /**
   * Lines of the first text on either side of a pure insertion: when the fix adds a line, the bug
   * is a missing line, and these are the nearest lines a finding can point at.
   */
  insertionNeighbours: Set<number>;
}

export function changedLinesBetween(beforeText: string, afterText: string, signal?: AbortSignal): ChangedLines {
  const beforeLines = splitLines(beforeText);
  const ops = diffLines(beforeLines, splitLines(afterText), signal);
  const result: ChangedLines = { before: new Set(), after: new Set(), insertionNeighbours: new Set() };
  for (let i = 0; i < ops.length; i++) {
    const op = ops[i];
    if (op.kind === 'delete') result.before.add(op.oldLine!);
    else if (op.kind === 'insert') result.after.add(op.newLine!);
  }
  // A run of inserts with no delete next to it is a pure insertion.
  for (let i = 0; i < ops.length; i++) {
    if (ops[i].kind !== 'insert' || (i > 0 && ops[i - 1].kind === 'insert')) continue;
    let j = i;
    while (j < ops.length && ops[j].kind === 'insert') j++;
    const before = ops[i - 1];
    const after = ops[j];
    if (before?.kind === 'delete' || after?.kind === 'delete') continue;
    if (before?.oldLine !== undefined) result.insertionNeighbours.add(before.oldLine);
    if (after?.oldLine !== undefined) result.insertionNeighbours.add(after.oldLine);
    if (!before && !after && beforeLines.length > 0) result.insertionNeighbours.add(1);
  }
  return result;
}
