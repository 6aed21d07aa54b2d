// A TODO written in the change under review is work the author is about to commit undone. Only
// added lines count: old TODOs are the task list's business, not the review's.

import { lineOf, type HeuristicRule, type RuleHit } from './scan';

export const todoInDiffRule: HeuristicRule = {
  id: 'todo-added',
  summary: 'A TODO comment added in the change under review.',
  families: ['javascript', 'java', 'csharp', 'c', 'cpp', 'go', 'rust', 'python', 'json', 'hash', 'other'],
  check(ctx) {
    if (!ctx.changedLines) return [];
    const hits: RuleHit[] = [];
    const seenLines = new Set<number>();
    for (const token of ctx.outline.lexed.tokens) {
      if (token.kind !== 'comment') continue;
      const body = ctx.text.slice(token.start, token.end);
      for (const m of body.matchAll(/(?<![\w@])(?:@todo\b|\b(?:TODO|FIXME|XXX|HACK)\b)/g)) {
        const at = token.start + m.index;
        const line = lineOf(ctx, at);
        if (!ctx.changedLines.has(line) || seenLines.has(line)) continue;
        seenLines.add(line);
        const lineEnd = ctx.outline.lines.lineEnd(line);
        const note = ctx.text.slice(at, Math.min(lineEnd, token.end)).replace(/\*\/\s*$/, '').trim();
        const shown = note.length > 80 ? note.slice(0, 79) + '…' : note;
        hits.push({
          line,
          severity: 'info',
          category: 'maintainability',
          message: `New ${m[0].replace('@', '').toUpperCase()} in this change: "${shown}". Finish it or track it as a task before merging.`,
        });
      }
    }
    return hits;
  },
};
