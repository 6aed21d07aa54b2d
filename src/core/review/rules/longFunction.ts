// Very long functions are hard to review and to test. Anonymous callbacks are left out: a test
// suite's describe(() => {...}) is long by design, and there is no name to point at. The note is
// info only and its limit depends on the language: Go's explicit error handling and C's manual
// cleanup make ordinary functions longer, and a limit that flags most of a healthy C codebase is noise.

import type { LanguageFamily } from '../language';
import { flattenBlocks } from '../outline';
import type { HeuristicRule, RuleHit } from './scan';

const MAX_FUNCTION_LINES: Partial<Record<LanguageFamily, number>> = { go: 150, c: 200, cpp: 150, rust: 120, java: 100, csharp: 100 };

/** Functions longer than this are noted, unless the caller sets its own limit: 80 lines where the family has none of its own. */
export function defaultMaxFunctionLines(family: LanguageFamily): number {
  return MAX_FUNCTION_LINES[family] ?? 80;
}

export const longFunctionRule: HeuristicRule = {
  id: 'long-function',
  summary: 'A function longer than the limit.',
  families: ['javascript', 'java', 'csharp', 'c', 'cpp', 'go', 'rust', 'python'],
  check(ctx) {
    const hits: RuleHit[] = [];
    for (const block of flattenBlocks(ctx.outline.blocks)) {
      if (block.kind !== 'function' || !block.name) continue;
      const length = block.endLine - block.startLine + 1;
      if (length <= ctx.maxFunctionLines) continue;
      hits.push({
        line: block.headerLine,
        severity: 'info',
        category: 'maintainability',
        message: `Function ${block.name} is ${length} lines long (limit ${ctx.maxFunctionLines}); consider splitting it into smaller functions.`,
        // The diagnostic marks the header only, but any change inside the function makes it relevant.
        touches: { from: block.startLine, to: block.endLine },
      });
    }
    return hits;
  },
};
