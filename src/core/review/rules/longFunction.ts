// Very long functions are hard to review and to test. Anonymous callbacks are left out: a test
// suite's describe(() => {...}) is long by design, and there is no name to point at.

import { flattenBlocks } from '../outline';
import type { HeuristicRule, RuleHit } from './scan';

export const DEFAULT_MAX_FUNCTION_LINES = 80;

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
