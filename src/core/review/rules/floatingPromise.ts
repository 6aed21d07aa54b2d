// A call to an async function, made as a statement of its own inside an async function and not
// awaited, leaves its promise floating: what follows runs before it ends, and its error becomes an
// unhandled rejection instead of the caller's. Inside an async function the author could await, so
// the missing `await` is most often a slip (typescript-eslint's no-floating-promises finds the same
// with types). Without types the rule knows a call returns a promise only when the callee is
// declared `async` in the same file under a name declared nowhere else without it. Left alone: a
// call awaited, returned, assigned, passed on or chained (`.then`, `.catch`, `.finally`), one marked
// as deliberate fire-and-forget with `void`, and calls inside a nested function that is not async
// (a callback's statements are the callback's).

import { flattenBlocks, type CodeBlock } from '../outline';
import {
  isIdentChar,
  lineOf,
  matchClose,
  matchOpen,
  maskedMatches,
  nextSignificant,
  prevSignificant,
  replaceOnLine,
  wordEndingAt,
  type HeuristicRule,
  type RuleContext,
  type RuleHit,
} from './scan';

const NAME = '[A-Za-z_$][\\w$]*';
const ASYNC_DECLARATIONS = [
  new RegExp(`\\basync\\s+function\\s*\\*?\\s*(${NAME})`, 'g'),
  new RegExp(`\\b(?:const|let|var)\\s+(${NAME})\\s*(?::[^=;]+)?=\\s*async\\b`, 'g'),
  new RegExp(`(${NAME})\\s*[:=]\\s*async\\b`, 'g'),
  new RegExp(`(?:^|[;{},\\s])async\\s+(?!function\\b)(${NAME})\\s*(?:<[^>()]*>)?\\s*\\(`, 'gm'),
];
const OTHER_DECLARATIONS = [
  new RegExp(`(?<!async\\s+)\\bfunction\\s*\\*?\\s*(${NAME})`, 'g'),
  new RegExp(`\\b(?:const|let|var)\\s+(${NAME})\\s*(?::[^=;]+)?=(?!\\s*async\\b)`, 'g'),
  // A method without async: a line that starts with the name and its parameters, then the body.
  new RegExp(`^[ \\t]*(?:(?:public|private|protected|static|override|readonly|get|set)\\s+)*(${NAME})\\s*(?:<[^>()]*>)?\\s*\\([^()]*\\)\\s*(?::[^{};]+)?\\{`, 'gm'),
];
const CONTROL_HEADS = new Set(['if', 'for', 'while', 'with']);
// Words after which a call is an operand, not a statement of its own.
const OPERAND_AFTER = new Set(['await', 'return', 'void', 'yield', 'throw', 'new', 'typeof', 'delete', 'in', 'of', 'instanceof', 'case']);

function namesDeclared(masked: string, patterns: readonly RegExp[]): Set<string> {
  const names = new Set<string>();
  for (const pattern of patterns) for (const m of masked.matchAll(pattern)) names.add(m[1]);
  return names;
}

/** Names that every declaration in the file makes an async function. */
function asyncFunctionNames(masked: string): Set<string> {
  const others = namesDeclared(masked, OTHER_DECLARATIONS);
  return new Set([...namesDeclared(masked, ASYNC_DECLARATIONS)].filter((name) => !others.has(name)));
}

/** Whether the call at `at` begins a statement: after `;`, a brace, a control head, `else`, or a line break that ends the last statement. */
function startsStatement(masked: string, at: number): boolean {
  const p = prevSignificant(masked, at);
  if (p < 0) return true;
  const c = masked[p];
  if (c === ';' || c === '{' || c === '}') return true;
  const afterLineBreak = masked.slice(p + 1, at).includes('\n');
  if (c === ')') {
    const open = matchOpen(masked, p);
    return afterLineBreak || (open >= 0 && CONTROL_HEADS.has(wordEndingAt(masked, prevSignificant(masked, open))));
  }
  if (isIdentChar(c)) {
    const word = wordEndingAt(masked, p);
    if (word === 'else' || word === 'do') return true;
    if (OPERAND_AFTER.has(word)) return false;
  }
  // A line break ends the statement before it unless that line ends in the middle of an expression.
  return afterLineBreak && !/[=([,:?+\-*/%&|^!<>.~]/.test(c);
}

/** Whether the call's value is dropped: the statement ends right after its closing parenthesis. */
function endsStatement(masked: string, close: number): boolean {
  const next = nextSignificant(masked, close + 1);
  if (next < 0) return true;
  const c = masked[next];
  if (c === ';' || c === '}') return true;
  return masked.slice(close + 1, next).includes('\n') && !/[.?,)\]+\-*/%&|^=<>]/.test(c);
}

/** The innermost function block holding `line`, if any. */
function enclosingFunction(functions: readonly CodeBlock[], line: number): CodeBlock | undefined {
  let inner: CodeBlock | undefined;
  for (const f of functions) if (f.openLine <= line && line <= f.endLine && (!inner || f.openLine >= inner.openLine)) inner = f;
  return inner;
}

function check(ctx: RuleContext): RuleHit[] {
  const { masked } = ctx;
  const asyncNames = asyncFunctionNames(masked);
  if (asyncNames.size === 0) return [];
  const functions = flattenBlocks(ctx.outline.blocks).filter((b) => b.kind === 'function');
  const hits: RuleHit[] = [];
  for (const m of maskedMatches(ctx, new RegExp(`(?<![\\w$.])(?:this\\.)?(${NAME})\\s*\\(`))) {
    if (!asyncNames.has(m[1])) continue;
    const open = m.index + m[0].length - 1;
    const close = matchClose(masked, open);
    if (close < 0 || !startsStatement(masked, m.index) || !endsStatement(masked, close)) continue;
    const line = lineOf(ctx, m.index);
    const inside = enclosingFunction(functions, line);
    // A statement on the header's own line is the header (a method declaration), not a call.
    if (!inside || line <= inside.openLine || !/\basync\b/.test(inside.header)) continue;
    hits.push({
      line,
      severity: 'warning',
      category: 'bug',
      message: `\`${m[1]}()\` is async and this call does not await it: the code after it runs before it finishes, and its error becomes an unhandled rejection. Add \`await\` (or \`void\` if not waiting is meant).`,
      suggestion: replaceOnLine(ctx, m.index, m.index, 'await '),
    });
  }
  return hits;
}

export const floatingPromiseRule: HeuristicRule = {
  id: 'floating-promise',
  summary: 'A call to an async function of the same file, inside an async function, whose promise is neither awaited nor handled.',
  families: ['javascript'],
  deliberateInTestCode: true,
  check,
};
