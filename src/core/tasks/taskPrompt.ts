// The prompt the local and cloud tiers get for one TODO. The reference time and zone travel in
// the prompt because a model cannot know them, and the conventions are the ones the rules and
// the dev set use, so the tiers agree on what "next week" means.

import { civilInZone, formatDateTime } from './timeZone';

const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

export interface TaskPrompt {
  system: string;
  prompt: string;
}

export function buildTaskPrompt(text: string, opts: { now: Date; timeZone: string }): TaskPrompt {
  const c = civilInZone(opts.now, opts.timeZone);
  const now = `${WEEKDAYS[c.weekday]} ${formatDateTime(c, c.hour, c.minute).replace('T', ' ')} (${opts.timeZone})`;
  const system = [
    'You turn a TODO comment from source code into a task. Answer with JSON only.',
    'title: the task in the words of the comment, without the date, priority, #tags, @assignee and estimate.',
    'due: YYYY-MM-DD, or YYYY-MM-DDTHH:mm when a time is written, in local time; null when the comment names no date.',
    '"next week" is Monday of next week, "end of week" is Friday, "next month" is its 1st, "morning" is 09:00.',
    'priority: high for !!!, !high, p0, p1, urgent, asap, critical; medium for !!, p2; low for !, p3, "nice to have"; null otherwise.',
    'tags: words written with #. assignee: the name written as @name or TODO(name). estimateMinutes: ~2h is 120.',
    'Never invent a date, a person or a tag that the comment does not contain.',
  ].join('\n');
  const prompt = `Now: ${now}\nTODO: ${text.replace(/\s+/g, ' ').trim()}\nJSON:`;
  return { system, prompt };
}
