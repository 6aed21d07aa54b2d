// A summary as JSON for scripts: the period as instants and days, the time zone, and each
// section's tasks by tag (`tag: null` for the untagged group, so the key is always there). Tasks
// are given whole, as `tasks list --json` gives them, so a script can follow an id back. With a
// narrative asked for, `narrative` says which tier wrote it, its paragraph and the tasks it names,
// or why there is none.

import { formatDate } from '../timeZone';
import type { SummaryNarrative } from './summaryNarrative';
import type { TaskSummary } from './taskSummary';

export function summaryJson(summary: TaskSummary, narrative?: SummaryNarrative): unknown {
  const { period } = summary;
  return {
    period: { since: period.asked, from: period.since.toISOString(), until: period.until.toISOString(), firstDay: formatDate(period.firstDay), lastDay: formatDate(period.lastDay) },
    timeZone: summary.timeZone,
    sections: Object.fromEntries(
      summary.sections.map((s) => [s.kind, { count: s.count, groups: s.groups.map((g) => ({ tag: g.tag ?? null, tasks: g.tasks })) }]),
    ),
    ...(narrative ? { narrative: narrativeJson(narrative) } : {}),
  };
}

function narrativeJson(n: SummaryNarrative): unknown {
  return {
    tier: n.tier,
    paragraph: n.paragraph ?? null,
    tasks: n.tasks.map((t) => ({ id: t.id, title: t.title })),
    ...(n.fallbackReason ? { fallbackReason: n.fallbackReason } : {}),
  };
}
