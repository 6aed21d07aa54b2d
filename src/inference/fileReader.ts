// One file of a TODO scan: read into a reused buffer, binary and size checks, a script's `#!` line
// when its name does not say its language, a byte-level probe for the tags, and the comment finder
// on the decoded text. Shared by the scanning thread (todoScanner.ts) and its helper thread
// (scanThread.ts).

// Named imports: in the bundles a namespace import of a Node module is read through a getter on
// every call, and these run several times per file.
import { isAscii } from 'node:buffer';
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { FROM_SHEBANG, namedSyntax, syntaxForText, type NamedSyntax } from '../core/lexing/fileSyntax';
import { SHEBANG_HEAD_BYTES } from '../core/lexing/shebang';
import { sameStamp, type FileStamp } from '../core/todos/scanRecord';
import { findTodos, tagProbes, type TodoMatch } from '../core/todos/findTodos';
import { isTagBoundary } from '../core/todos/todoTags';

export const BINARY_SNIFF_BYTES = 8192;
/** Bytes decoded past the last tag candidate: room for the TODO's continuation lines. */
const DECODE_MARGIN_BYTES = 64 * 1024;

/** The first read of a file that may be a script: one system call covers most whole scripts, and
 *  a large file without a `#!` line (an executable) is read no further. */
const SCRIPT_FIRST_READ_BYTES = 64 * 1024;
/** readInto's answer for a file that had to start with `#!` and does not. */
const NOT_A_SCRIPT = -1;

/**
 * Reads a file into `buffer` up to `limit + 1` bytes; returns the byte count (limit + 1 means "too
 * big"), or NOT_A_SCRIPT when `script` asks for a `#!` start and the file has none.
 */
function readInto(absPath: string, buffer: Buffer, limit: number, script: boolean): number {
  const fd = openSync(absPath, 'r');
  try {
    let total = 0;
    const want = limit + 1;
    if (script) {
      total = readSync(fd, buffer, 0, Math.min(want, SCRIPT_FIRST_READ_BYTES), 0);
      if (total < 2 || buffer[0] !== 0x23 || buffer[1] !== 0x21) return NOT_A_SCRIPT;
    }
    while (total < want) {
      const n = readSync(fd, buffer, total, want - total, total);
      if (n === 0) break;
      total += n;
    }
    return total;
  } finally {
    closeSync(fd);
  }
}

/** A file's bytes as text. Most source files are ASCII, which Latin-1 decodes to the same text
 *  at twice UTF-8's speed in a process that has not warmed up; checking costs a tenth of that. */
function decode(bytes: Buffer): string {
  return bytes.toString(isAscii(bytes) ? 'latin1' : 'utf8');
}

/** A file's stamp from one stat; undefined when it is gone. */
export function stampOf(absPath: string): FileStamp | undefined {
  const stats = statSync(absPath, { throwIfNoEntry: false });
  return stats && { size: stats.size, mtimeMs: stats.mtimeMs, ctimeMs: stats.ctimeMs };
}

/** What reading a file found; `unchanged` only from scanUnlessUnchanged, for a file whose stamp is
 *  the recorded one. A stamped read carries the stamp taken before it. */
export type FileVerdict = ({ kind: 'todos'; todos: TodoMatch[] } | { kind: 'binary' } | { kind: 'large' } | { kind: 'unknown' } | { kind: 'unchanged' }) & {
  stamp?: FileStamp;
};

/** A file whose language is not known: no syntax by name, or a script whose `#!` line names none. */
const UNKNOWN: FileVerdict = { kind: 'unknown' };
const UNCHANGED: FileVerdict = { kind: 'unchanged' };

/** Reads and scans one file through the shared buffer; the caller has already filtered by ignores. */
export class FileReader {
  private readonly buffer: Buffer;
  private readonly probes: readonly string[];

  constructor(
    private readonly maxBytes: number,
    private readonly tags: readonly string[],
  ) {
    // One allocation for the whole scan; a read never asks for more than the limit plus one byte.
    this.buffer = Buffer.allocUnsafe(maxBytes + 1);
    this.probes = tagProbes(tags);
  }

  /** Whether this reader was made for these settings. */
  serves(maxBytes: number, tags: readonly string[]): boolean {
    return maxBytes === this.maxBytes && tags.length === this.tags.length && tags.every((t, i) => t === this.tags[i]);
  }

  /** For the helper thread, which gets names, not syntaxes: the syntax from the name, then
   *  scanUnlessUnchanged() when the scan keeps a record (`stamped`), else tryScan(). */
  scanPath(absPath: string, name: string, stamped: boolean, recorded?: FileStamp): FileVerdict | undefined {
    const named = namedSyntax(name);
    if (!named) return UNKNOWN;
    return stamped ? this.scanUnlessUnchanged(absPath, named, recorded) : this.tryScan(absPath, named);
  }

  /**
   * For a scan that keeps a record: stamps the file with one stat, then answers `unchanged` when
   * the stamp is the recorded one and reads it otherwise. The stat comes first, so a change made
   * during the read leaves a stamp older than the content, which the next scan sees as a change; a
   * stamp the scan took earlier (`taken`) is older still.
   */
  scanUnlessUnchanged(absPath: string, named: NamedSyntax, recorded: FileStamp | undefined, taken?: FileStamp): FileVerdict | undefined {
    const stamp = taken ?? stampOf(absPath);
    if (!stamp) return undefined;
    if (recorded && sameStamp(recorded, stamp)) return UNCHANGED;
    const verdict = this.tryScan(absPath, named);
    return verdict && { ...verdict, stamp };
  }

  /**
   * For a stamped scan of a file known to hold no tag (ripgrep searched it): its verdict from one
   * stat, without reading it. It has no TODOs, or is too large; a binary file or a script of no
   * known language counts as a file without TODOs, as reading it is what would tell.
   */
  stampUntagged(absPath: string, recorded: FileStamp | undefined, taken?: FileStamp): FileVerdict | undefined {
    const stamp = taken ?? stampOf(absPath);
    if (!stamp) return undefined;
    if (recorded && sameStamp(recorded, stamp)) return UNCHANGED;
    return stamp.size > this.maxBytes ? { kind: 'large', stamp } : { kind: 'todos', todos: [], stamp };
  }

  /** scan(), undefined when the file vanished or became unreadable between readdir and open. */
  tryScan(absPath: string, named: NamedSyntax, override?: string): FileVerdict | undefined {
    try {
      return this.scan(absPath, named, override);
    } catch {
      return undefined;
    }
  }

  scan(absPath: string, named: NamedSyntax, override?: string): FileVerdict {
    if (override !== undefined) {
      const syntax = syntaxForText(named, override);
      return syntax ? { kind: 'todos', todos: findTodos(override, syntax, { tags: this.tags }) } : UNKNOWN;
    }
    const n = readInto(absPath, this.buffer, this.maxBytes, named === FROM_SHEBANG);
    if (n === NOT_A_SCRIPT) return UNKNOWN;
    if (n > this.maxBytes) return { kind: 'large' };
    const view = this.buffer.subarray(0, n);
    if (view.subarray(0, Math.min(n, BINARY_SNIFF_BYTES)).indexOf(0) >= 0) return { kind: 'binary' };
    const syntax = named === FROM_SHEBANG ? syntaxForText(named, view.toString('latin1', 0, Math.min(n, SHEBANG_HEAD_BYTES))) : named;
    if (!syntax) return UNKNOWN;
    // Byte-level probe: most files hold no tag standing as a word and are never decoded.
    const last = this.lastCandidate(view);
    if (last < 0) return { kind: 'todos', todos: [] };
    // Nothing after the last candidate can start a TODO; the margin keeps its continuation lines.
    const end = Math.min(n, last + DECODE_MARGIN_BYTES);
    return { kind: 'todos', todos: findTodos(decode(view.subarray(0, end)), syntax, { tags: this.tags }) };
  }

  /** Byte offset of the last place a tag stands as a word, -1 when there is none. */
  private lastCandidate(view: Buffer): number {
    const n = view.length;
    let best = -1;
    for (const probe of this.probes) {
      const len = Buffer.byteLength(probe);
      let p = view.lastIndexOf(probe);
      while (p > best) {
        const e = p + len;
        if (isTagBoundary(p > 0 ? view[p - 1]! : -1, e < n ? view[e]! : -1, e + 1 < n ? view[e + 1]! : -1)) {
          best = p;
          break;
        }
        if (p === 0) break;
        p = view.lastIndexOf(probe, p - 1);
      }
    }
    return best;
  }
}
