// Lines of one text counted lazily: only up to the offsets asked for, which come in increasing
// order, so that a file whose only TODO is near the top is not counted to its end.

export class LineCounter {
  private countedTo = 0;
  private countedLine = 0;
  /** Start of the line of the offset last asked for. */
  lineStart = 0;
  /** First newline at or after `countedTo` (-1: none), so that many TODOs on one long line do not
   *  each search the rest of the text for it; -2 until looked up. */
  private nextNewline = -2;

  constructor(private readonly text: string) {}

  /** 0-based line of an offset; also leaves the start of that line in `lineStart`. */
  lineOf(pos: number): number {
    if (pos < this.countedTo) {
      this.countedTo = 0;
      this.countedLine = 0;
      this.lineStart = 0;
      this.nextNewline = -2;
    }
    const { text } = this;
    let p = this.nextNewline === -2 ? text.indexOf('\n', this.countedTo) : this.nextNewline;
    while (p >= 0 && p < pos) {
      this.countedLine++;
      this.lineStart = p + 1;
      p = text.indexOf('\n', p + 1);
    }
    this.countedTo = pos;
    this.nextNewline = p;
    return this.countedLine;
  }
}
