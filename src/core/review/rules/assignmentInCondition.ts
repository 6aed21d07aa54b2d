// `if (a = b)` assigns where a comparison was almost always meant. An assignment wrapped in its own
// parentheses, `while ((m = re.exec(s)) !== null)`, is the deliberate idiom and is left alone:
// only a bare `=` directly inside the condition's parentheses counts, and a comma expression
// anywhere in it (`while (c = next(), c != ' ')`) marks the assignment as deliberate. In C and
// C++ the bare form is an old, deliberate idiom (`if (cp = alloc(n))`): every one in the labelled
// sample of real C was, so there it is a note; in the other languages it stays a warning.

import { lineOf, matchClose, maskedMatches, replaceOnLine, type HeuristicRule, type RuleHit } from './scan';

// The character before '=' that makes it part of another operator: ==, !=, <=, >=, +=, ??=, ...
const OPERATOR_BEFORE = '=!<>+-*/%&|^~?:';

function hasTopLevelComma(masked: string, from: number, to: number): boolean {
  let depth = 0;
  for (let k = from; k < to; k++) {
    const c = masked[k];
    if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') depth--;
    else if (c === ',' && depth === 0) return true;
  }
  return false;
}

export const assignmentInConditionRule: HeuristicRule = {
  id: 'assignment-in-condition',
  summary: 'An assignment where a condition expects a comparison.',
  // Go and Rust reject an assignment as a condition at compile time; Python has only the explicit :=.
  families: ['javascript', 'java', 'csharp', 'c', 'cpp'],
  check(ctx) {
    const hits: RuleHit[] = [];
    const { masked } = ctx;
    for (const m of maskedMatches(ctx, /(?<![\w$.])(if|while)\s*\(/)) {
      const open = m.index + m[0].length - 1;
      const close = matchClose(masked, open);
      if (close < 0 || hasTopLevelComma(masked, open + 1, close)) continue;
      let depth = 0;
      for (let k = open + 1; k < close; k++) {
        const c = masked[k];
        if (c === '(' || c === '[' || c === '{') depth++;
        else if (c === ')' || c === ']' || c === '}') depth--;
        else if (c === '=' && depth === 0 && !OPERATOR_BEFORE.includes(masked[k - 1]) && masked[k + 1] !== '=' && masked[k + 1] !== '>') {
          const compare = ctx.family === 'javascript' ? '===' : '==';
          hits.push({
            line: lineOf(ctx, k),
            severity: ctx.family === 'c' || ctx.family === 'cpp' ? 'info' : 'warning',
            category: 'bug',
            message: `Assignment inside the ${m[1]} condition: '=' assigns, it does not compare. Use '${compare}' to compare, or wrap the assignment in parentheses if it is deliberate.`,
            suggestion: replaceOnLine(ctx, k, k + 1, compare),
          });
          break;
        }
      }
    }
    return hits;
  },
};
