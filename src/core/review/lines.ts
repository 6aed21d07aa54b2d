// Lines of a text for review: offset ↔ line conversion and splitting the way editors count lines.

/** Offsets of line starts, for offset ↔ 1-based line/0-based column conversion. */
export class LineIndex {
  readonly starts: number[];
  constructor(readonly text: string) {
    this.starts = [0];
    for (let k = 0; k < text.length; k++) if (text[k] === '\n') this.starts.push(k + 1);
  }

  get lineCount(): number {
    return this.starts.length;
  }

  /** 1-based line of an offset. */
  lineAt(offset: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  }

  /** Offset of the first character of a 1-based line. */
  lineStart(line: number): number {
    return this.starts[line - 1];
  }

  /** Offset of the line break ending a 1-based line (or the text length), excluding a '\r'. */
  lineEnd(line: number): number {
    let end = line < this.starts.length ? this.starts[line] - 1 : this.text.length;
    if (end > this.starts[line - 1] && this.text[end - 1] === '\r') end--;
    return end;
  }

  lineText(line: number): string {
    return this.text.slice(this.lineStart(line), this.lineEnd(line));
  }
}

/** Splits text into lines the way editors count them: '\n' or '\r\n' ends a line. */
export function splitLines(text: string): string[] {
  return text.split(/\r?\n/);
}
