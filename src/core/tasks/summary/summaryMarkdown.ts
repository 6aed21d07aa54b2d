// A summary as Markdown to paste into a stand-up note or save as one: a heading that names the
// period, a section per kind with its count, a subheading per tag, and a bullet per task with its
// due date and priority. An empty section still appears, saying "Nothing.", so a reader knows it
// was looked at. Titles are escaped so a `*` or `_` in one does not turn the rest of a line bold.
// A model tier's narrative paragraph (validated, summaryNarrative.ts) goes under the heading, above
// the lists it was written from, escaped the same way so it stays one plain paragraph.

import { formatDate } from '../timeZone';
import type { Task } from '../task';
import type { SummaryPeriod } from './summaryPeriod';
import { DUE_NEXT_DAYS, type SummarySection, type SummarySectionKind, type TaskSummary } from './taskSummary';
import type { TagGroup } from './tagGroups';

export const SECTION_TITLES: Record<SummarySectionKind, string> = {
  done: 'Done',
  resolved: 'Resolved in code',
  added: 'Added',
  overdue: 'Overdue',
  dueNext: `Due in the next ${DUE_NEXT_DAYS} days`,
};

export function summaryMarkdown(summary: TaskSummary, paragraph?: string): string {
  const lines = [`# ${summaryTitle(summary.period)}`];
  if (paragraph) lines.push('', plainParagraph(paragraph));
  for (const section of summary.sections) lines.push('', ...sectionLines(section));
  return lines.join('\n') + '\n';
}

/** `Summary for 2026-03-10` for one day, else `Summary 2026-03-04 to 2026-03-10`. */
export function summaryTitle(period: SummaryPeriod): string {
  const first = formatDate(period.firstDay);
  const last = formatDate(period.lastDay);
  return first === last ? `Summary for ${last}` : `Summary ${first} to ${last}`;
}

function sectionLines(section: SummarySection): string[] {
  const lines = [`## ${SECTION_TITLES[section.kind]} (${section.count})`];
  if (section.count === 0) return [...lines, '', 'Nothing.'];
  for (const group of section.groups) lines.push('', `### ${groupTitle(group)}`, '', ...group.tasks.map(taskBullet));
  return lines;
}

function groupTitle(group: TagGroup): string {
  return group.tag === undefined ? 'Untagged' : `#${group.tag}`;
}

/** `- Fix the login redirect — due 2026-03-11 15:00 · !high` */
export function taskBullet(task: Task): string {
  const items: string[] = [];
  if (task.due) items.push(`due ${task.due.replace('T', ' ')}`);
  if (task.priority) items.push(`!${task.priority}`);
  return `- ${escapeMarkdown(task.title)}${items.length > 0 ? ` — ${items.join(' · ')}` : ''}`;
}

/** One line that Markdown reads as text: no heading, quote or list at its start. */
function plainParagraph(text: string): string {
  return escapeMarkdown(text.replace(/\s+/g, ' ').trim()).replace(/^([#>+-]|\d+[.)])/, '\\$1');
}

function escapeMarkdown(text: string): string {
  return text.replace(/[\\*_[\]<>]/g, (c) => `\\${c}`);
}
