// Parses the JSON of a file a person edits (.localfocus/review.json, the review baseline) and,
// when it is broken, says where. JSON.parse names a position for some mistakes only and none for
// an unexpected character (a merge conflict's "<<<<<<<"), so the place is found by a small scan of
// the grammar; a person then looks for a line and a column.
import { LocalFocusError } from './errors';

/** The parsed value, or a bad-input error naming `label`, the line and column, and what to do. */
export function parseJsonText(text: string, label: string, whatToDo: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    const offset = firstJsonErrorOffset(text);
    // V8 words it "… in JSON at position N (line L column C)" or "…, "<part of the text>" is not valid JSON".
    const reason = (err as Error).message.replace(/\s*in JSON at position \d+.*$/s, '').replace(/, (\.\.\.)?".*"(\.\.\.)? is not valid JSON$/s, '');
    throw new LocalFocusError('bad-input', `${label} is not valid JSON at ${lineAndColumn(text, offset)}: ${reason}. ${whatToDo}`);
  }
}

/** "line L, column C" of a 0-based offset, both counted from 1. */
export function lineAndColumn(text: string, offset: number): string {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - (before.lastIndexOf('\n') + 1) + 1;
  return `line ${line}, column ${column}`;
}

/** The offset where `text` stops being JSON (its length when it ends too early); -1 when it is JSON. */
export function firstJsonErrorOffset(text: string): number {
  let i = 0;
  const fail = (): never => {
    throw i;
  };
  const space = () => {
    while (i < text.length && ' \t\r\n'.includes(text[i]!)) i++;
  };
  const literal = (word: string) => {
    for (const ch of word) {
      if (text[i] !== ch) fail();
      i++;
    }
  };
  const string = () => {
    i++; // the opening quote
    while (i < text.length && text[i] !== '"') {
      if (text[i]! < ' ') fail();
      if (text[i] !== '\\') i++;
      else if (/^\\(["\\/bfnrt]|u[0-9a-fA-F]{4})/.test(text.slice(i, i + 6))) i += text[i + 1] === 'u' ? 6 : 2;
      else fail();
    }
    if (i >= text.length) fail();
    i++;
  };
  const number = () => {
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
    if (!m) return fail();
    i += m[0].length;
  };
  const value = (): void => {
    space();
    const c = text[i];
    if (c === '{') members('}', () => {
      if (text[i] !== '"') fail();
      string();
      space();
      if (text[i] !== ':') fail();
      i++;
      value();
    });
    else if (c === '[') members(']', value);
    else if (c === '"') string();
    else if (c === 't') literal('true');
    else if (c === 'f') literal('false');
    else if (c === 'n') literal('null');
    else number();
  };
  const members = (close: string, item: () => void) => {
    i++;
    space();
    if (text[i] === close) return void i++;
    for (;;) {
      space();
      item();
      space();
      if (text[i] === ',') i++;
      else if (text[i] === close) return void i++;
      else fail();
    }
  };
  try {
    value();
    space();
    return i < text.length ? i : -1;
  } catch (offset) {
    return Math.min(offset as number, text.length);
  }
}
