// The prompt a model tier gets to propose one tag for a task that the task file does not use yet.
// It sees the task's title, the tags the rules suggest and the file's tags in use (the most used
// first, at most MAX_PROMPT_TAGS), so it can tell a new idea from a known tag; "" says the known
// tags cover the task.

export interface NewTagPrompt {
  system: string;
  prompt: string;
}

/** The file's tags shown to the model: enough to know its vocabulary, few enough for a small context. */
export const MAX_PROMPT_TAGS = 40;
const MAX_TITLE_CHARS = 200;

export function buildNewTagPrompt(title: string, suggested: readonly string[], inUse: readonly string[]): NewTagPrompt {
  const system = [
    'You tag a developer\'s tasks. Answer with JSON only: {"tag": "..."}.',
    'Give one short lowercase tag (letters, digits, - or _) for the topic of the task that is NOT among the tags in use.',
    'Answer {"tag": ""} when the tags in use already cover the task.',
  ].join('\n');
  const flat = title.replace(/\s+/g, ' ').trim();
  const lines = [
    `Task: ${flat.length > MAX_TITLE_CHARS ? `${flat.slice(0, MAX_TITLE_CHARS - 1)}…` : flat}`,
    `Tags suggested from similar tasks: ${suggested.length ? suggested.join(', ') : 'none'}`,
    `Tags in use: ${inUse.length ? inUse.slice(0, MAX_PROMPT_TAGS).join(', ') : 'none'}`,
    'JSON:',
  ];
  return { system, prompt: lines.join('\n') };
}
