// A small summary's facts for the narrative paragraph's tests: a task done and one overdue, in a
// week, as narrativeFactsOf gives them.
import type { NarrativeFacts } from '../../src/core/tasks/summary/narrativeFacts';

export const TWO_TASK_FACTS: NarrativeFacts = {
  firstDay: '2026-03-04',
  lastDay: '2026-03-10',
  days: 7,
  counts: { done: 1, resolved: 0, added: 0, overdue: 1, dueNext: 0 },
  tasks: [
    { key: 't1', section: 'done', title: 'Ship the exporter', tag: 'export' },
    { key: 't2', section: 'overdue', title: 'Renew the certificate', due: '2026-03-07' },
  ],
};
