// NaN compares unequal to everything, itself included: `x == NaN` is always false and `x != NaN`
// always true. The fix is each language's isnan test; it is offered only when the other operand
// is a plain name or member chain bounded by low-precedence context, so the rewrite is exact.

import type { LanguageFamily } from '../language';
import { codeMatches, lineOf, replaceOnLine, type HeuristicRule, type RuleContext, type RuleHit } from './scan';

const NAN_PATTERNS: Partial<Record<LanguageFamily, string>> = {
  javascript: String.raw`(?<![\w$.])(?:Number\s*\.\s*)?NaN(?![\w$])`,
  java: String.raw`(?<![\w$.])(?:Double|Float)\s*\.\s*NaN\b`,
  csharp: String.raw`(?<![\w$.])(?:System\s*\.\s*)?(?:double|Double|float|Single)\s*\.\s*NaN\b`,
  c: String.raw`(?<![\w.])NAN\b`,
  cpp: String.raw`(?<![\w.])(?:std::)?(?:NAN\b|numeric_limits\s*<\s*\w+\s*>\s*::\s*quiet_NaN\s*\(\s*\))`,
  go: String.raw`(?<![\w.])math\s*\.\s*NaN\s*\(\s*\)`,
  rust: String.raw`(?<![\w.:])(?:std::)?f(?:32|64)::NAN\b`,
  python: String.raw`(?<![\w.])(?:float\s*\(\s*(?<quote>['"])[nN][aA][nN]\k<quote>\s*\)|(?:math|np|numpy)\s*\.\s*nan\b)`,
};

const OPERATOR = String.raw`(===|!==|==|!=|<=|>=|<|>)`;
const OPERAND = /(?:[A-Za-z_$][\w$]*)(?:\s*\.\s*[A-Za-z_$][\w$]*|\s*\[[^\[\]\n]*\]|\s*\([^()\n]*\))*/;
// Context in which a comparison is a whole operand, so replacing just the comparison is exact.
const LEFT_BOUNDARY = /(?:^|[(,{;?:[]|&&|\|\||(?<![=!<>])=|\b(?:return|if|while|elif|and|or|not|assert)\b)\s*$/;
const KEYWORDS = /^(?:return|if|while|elif|and|or|not|assert|typeof|await|new|yield|in|is|case|throw)$/;
const RIGHT_BOUNDARY = /^\s*(?:$|[),;:?\]{}]|&&|\|\||\b(?:and|or|if|else)\b)/;

function isnanCall(family: LanguageFamily, operand: string, nanText: string, negated: boolean): string | undefined {
  const not = (s: string, py = false): string => (negated ? (py ? `not ${s}` : `!${s}`) : s);
  switch (family) {
    case 'javascript':
      return not(`Number.isNaN(${operand})`);
    case 'python':
      return not(`math.isnan(${operand})`, true);
    case 'java':
      return not(`${/^Float/.test(nanText) ? 'Float' : 'Double'}.isNaN(${operand})`);
    case 'csharp':
      return not(`${/float|Single/.test(nanText) ? 'float' : 'double'}.IsNaN(${operand})`);
    case 'c':
      return not(`isnan(${operand})`);
    case 'cpp':
      return not(`std::isnan(${operand})`);
    case 'go':
      return not(`math.IsNaN(${operand})`);
    case 'rust':
      return not(`${operand}.is_nan()`);
    default:
      return undefined;
  }
}

function check(ctx: RuleContext): RuleHit[] {
  const nan = NAN_PATTERNS[ctx.family];
  if (!nan) return [];
  const hits = new Map<number, RuleHit>();
  const { text } = ctx;
  const lines = ctx.outline.lines;

  const report = (at: number, op: string, suggestion: string | undefined): void => {
    const line = lineOf(ctx, at);
    if (hits.has(line)) return;
    const always = op === '!=' || op === '!==' ? 'always true' : 'always false';
    const hit: RuleHit = {
      line,
      severity: 'error',
      category: 'bug',
      message: `Comparison with NaN is ${always}: NaN is not equal to anything, itself included. Test with the language's isnan function.`,
    };
    if (suggestion !== undefined) hit.suggestion = suggestion;
    hits.set(line, hit);
  };

  // NaN on the right: `x == NaN`
  for (const m of codeMatches(ctx, new RegExp(OPERATOR + String.raw`\s*(` + nan + ')'))) {
    const op = m[1];
    const opStart = m.index;
    if ((op === '<' || op === '>') && /[<>=-]/.test(text[opStart - 1] ?? '')) continue; // <<, >>, =>, ->
    if (op.length === 1 && text[opStart - 1] === op) continue;
    const nanEnd = m.index + m[0].length;
    let suggestion: string | undefined;
    if (op.includes('=') && op !== '<=' && op !== '>=') {
      const lineStart = lines.lineStart(lineOf(ctx, opStart));
      const before = ctx.masked.slice(lineStart, opStart).replace(/\s+$/, '');
      const operand = new RegExp('(' + OPERAND.source + ')$').exec(before);
      const lineEnd = lines.lineEnd(lineOf(ctx, opStart));
      if (operand && !KEYWORDS.test(/^[\w$]+/.exec(operand[1])![0]) && lineOf(ctx, nanEnd) === lineOf(ctx, opStart)) {
        const operandStart = lineStart + operand.index;
        const leftContext = ctx.masked.slice(lineStart, operandStart);
        const rightContext = ctx.masked.slice(nanEnd, lineEnd);
        if (LEFT_BOUNDARY.test(leftContext) && RIGHT_BOUNDARY.test(rightContext)) {
          const call = isnanCall(ctx.family, text.slice(operandStart, operandStart + operand[1].length), m[2], op.startsWith('!'));
          if (call) suggestion = replaceOnLine(ctx, operandStart, nanEnd, call);
        }
      }
    }
    report(opStart, op, suggestion);
  }

  // NaN on the left: `NaN === x`
  for (const m of codeMatches(ctx, new RegExp('(' + nan + String.raw`)\s*` + OPERATOR + String.raw`(?![=<>])`))) {
    const op = m[m.length - 1];
    const nanStart = m.index;
    const opEnd = m.index + m[0].length;
    let suggestion: string | undefined;
    if (op.includes('=') && op !== '<=' && op !== '>=') {
      const line = lineOf(ctx, nanStart);
      const lineStart = lines.lineStart(line);
      const lineEnd = lines.lineEnd(line);
      const after = ctx.masked.slice(opEnd, lineEnd);
      const operand = new RegExp(String.raw`^\s*(` + OPERAND.source + ')').exec(after);
      if (operand && !KEYWORDS.test(/^[\w$]+/.exec(operand[1])![0])) {
        const operandStart = opEnd + operand[0].length - operand[1].length;
        const operandEnd = opEnd + operand[0].length;
        if (LEFT_BOUNDARY.test(ctx.masked.slice(lineStart, nanStart)) && RIGHT_BOUNDARY.test(ctx.masked.slice(operandEnd, lineEnd))) {
          const call = isnanCall(ctx.family, text.slice(operandStart, operandEnd), m[1], op.startsWith('!'));
          if (call) suggestion = replaceOnLine(ctx, nanStart, operandEnd, call);
        }
      }
    }
    report(nanStart, op, suggestion);
  }
  return [...hits.values()];
}

export const nanComparisonRule: HeuristicRule = {
  id: 'nan-comparison',
  summary: 'A comparison with NaN, which is always false.',
  families: ['javascript', 'java', 'csharp', 'c', 'cpp', 'go', 'rust', 'python'],
  check,
};
