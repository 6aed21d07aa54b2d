// The worker's tasks requests. `tasks/parse` reads a TODO's text into task fields on the tier the
// mode policy picks: cloud, local and a model server ask a model for TASK_JSON_SCHEMA (the local
// model and the server its bounded form), validate it and merge it with the rules (explicit
// markers win); the degraded tier is the rules alone. A model answer
// that does not even restate the TODO (its title is not grounded in the text) is nonsense, and
// the rules' parse comes back instead, with the tier and the reason recorded.
// The TODO scan's requests, `todos/scan` and `todos/scanFile`, are todoScan.ts's.
import { LocalFocusError } from '../../core/errors';
import type { JsonSchema, ModelTier } from '../../core/protocol';
import { parseTaskRules } from '../../core/tasks/parseTaskRules';
import type { ParsedTask } from '../../core/tasks/task';
import { buildTaskPrompt } from '../../core/tasks/taskPrompt';
import { mergeWithRules, TASK_JSON_SCHEMA, validateModelTask, type ValidatedModelTask } from '../../core/tasks/taskSchema';
import { isValidTimeZone, systemTimeZone } from '../../core/tasks/timeZone';
import type { TaskParseParams, TaskParseResult } from '../../core/tasksProtocol';
import type { FeatureHost } from '../featureHost';
import { askModelTier, type TierQuestion } from './askModelTier';
import { suggestNewTagTiered } from './newTag';
import { rerankNextTiered } from './nextRerank';
import { runModelTiers, UnusableAnswerError } from './runModelTiers';
import { narrateSummaryTiered } from './summaryNarrative';
import type { TieredModelDeps } from './tieredModels';
import { registerTodoScan } from './todoScan';

/**
 * TASK_JSON_SCHEMA with every string and list bounded, for the local grammar: a small model that
 * never closes a string would otherwise run out of tokens and return nothing that parses.
 * The cloud gets the plain schema (OpenAI's strict mode does not take maxLength).
 */
export const LOCAL_TASK_JSON_SCHEMA: JsonSchema = {
  type: 'object',
  properties: {
    title: { type: 'string', maxLength: 120 },
    due: { oneOf: [{ type: 'string', maxLength: 16 }, { type: 'null' }] },
    priority: { enum: ['high', 'medium', 'low', null] },
    tags: { type: 'array', items: { type: 'string', maxLength: 32 }, maxItems: 6 },
    assignee: { oneOf: [{ type: 'string', maxLength: 32 }, { type: 'null' }] },
    estimateMinutes: { oneOf: [{ type: 'integer' }, { type: 'null' }] },
  },
  required: ['title', 'due', 'priority', 'tags', 'assignee', 'estimateMinutes'],
  additionalProperties: false,
};

/** Enough for the bounded schema's longest answer; a real answer is 40–80 tokens. */
export const TASK_ANSWER_TOKENS = 400;
/** A TODO longer than this is cut for the model (the rules still read all of it). */
const MAX_MODEL_INPUT_CHARS = 1000;
const MAX_TEXT_CHARS = 20_000;

/** What parsing needs from the worker; the shared tiered-model dependencies are all of it. */
export type TaskParseDeps = TieredModelDeps;

interface TierOutcome {
  parsed: ParsedTask;
  dropped?: ValidatedModelTask['dropped'];
  tokens: number;
  /** Set when a model answered but nothing in it was usable: the rules' parse stands in. */
  unusable?: string;
}

function describeUnusable(validated: ValidatedModelTask): string {
  const dropped = validated.dropped.map((d) => `${d.field}: ${d.reason}`);
  const title = validated.fields.title;
  const why = title === undefined ? 'no title' : `its title ${JSON.stringify(title.slice(0, 60))} is not taken from the text`;
  return `the model's answer had nothing usable (${why}${dropped.length ? `; dropped ${dropped.join(', ')}` : ''})`;
}

function checkParams(params: TaskParseParams): { now: Date; timeZone: string } {
  if (!params || typeof params.text !== 'string' || !/\S/.test(params.text)) throw new LocalFocusError('bad-input', 'tasks/parse needs the text of a TODO or task.');
  if (params.text.length > MAX_TEXT_CHARS) throw new LocalFocusError('bad-input', `The text is longer than ${MAX_TEXT_CHARS} characters; a task is one sentence or two.`);
  const now = params.now !== undefined ? new Date(params.now) : new Date();
  if (Number.isNaN(now.getTime())) throw new LocalFocusError('bad-input', `"${params.now}" is not an ISO date-time; give one like 2026-03-10T09:30:00+01:00.`);
  const timeZone = params.timeZone ?? systemTimeZone();
  if (!isValidTimeZone(timeZone)) throw new LocalFocusError('bad-input', `"${timeZone}" is not an IANA time zone such as Europe/Berlin.`);
  return { now, timeZone };
}

/** Parses one task text through the tiers; see the file comment for the fallback rules. */
export async function parseTaskTiered(params: TaskParseParams, signal: AbortSignal, deps: TaskParseDeps): Promise<TaskParseResult> {
  const started = Date.now();
  const { now, timeZone } = checkParams(params);
  const rules = parseTaskRules(params.text, { now, timeZone, ...(params.todoTags?.length ? { todoTags: params.todoTags } : {}) });
  const failures: string[] = [];
  /** The last model answer, kept for the result even when the tier after it served. */
  let modelAnswer: { value: unknown } | undefined;
  const modelText = params.text.length > MAX_MODEL_INPUT_CHARS ? params.text.slice(0, MAX_MODEL_INPUT_CHARS) : params.text;
  const { system, prompt } = buildTaskPrompt(modelText, { now, timeZone });

  const question: TierQuestion = {
    system,
    prompt,
    cloudSchema: TASK_JSON_SCHEMA,
    cloudMaxTokens: 256,
    boundedSchema: LOCAL_TASK_JSON_SCHEMA,
    maxTokens: TASK_ANSWER_TOKENS,
    ...(params.modelPath ? { modelPath: params.modelPath } : {}),
    ...(params.completion ? { completion: true } : {}),
  };

  const withModel =
    (tier: ModelTier) =>
    async (tierSignal: AbortSignal): Promise<TierOutcome> => {
      const answer = await askModelTier(deps, tier, question, tierSignal, failures);
      modelAnswer = { value: answer.value };
      const validated = validateModelTask(answer.value, { now, timeZone });
      const merged = mergeWithRules(validated, rules, tier);
      // A title the model did not take from the text means it did not read the TODO: the other
      // fields it "found" are as likely invented, so none of them is used.
      if (!merged.fromModel?.includes('title')) {
        const reason = describeUnusable(validated);
        failures.push(`${tier}: ${reason}`);
        if (tier !== 'cloud') throw new UnusableAnswerError<TierOutcome>(reason, { parsed: rules, tokens: answer.tokens, dropped: validated.dropped, unusable: reason });
        // The cloud endpoint did answer: throwing would mark it unreachable.
        return { parsed: { ...rules }, dropped: validated.dropped, tokens: answer.tokens, unusable: reason };
      }
      return { parsed: merged, dropped: validated.dropped, tokens: answer.tokens };
    };

  const { outcome, tier, forced } = await runModelTiers<TierOutcome>(
    deps,
    { model: withModel, rules: () => ({ parsed: rules, tokens: 0 }), ...(params.tier ? { tier: params.tier } : {}), ...(params.modelPath ? { modelPath: params.modelPath } : {}) },
    signal,
  );
  const parsed: ParsedTask = { ...outcome.parsed, tier };
  const result: TaskParseResult = { ...parsed, tokens: outcome.tokens, ms: Date.now() - started };
  if (outcome.dropped?.length) result.dropped = outcome.dropped;
  if (modelAnswer) result.modelAnswer = modelAnswer.value;
  const reason = failures.length > 0 ? failures.join('; ') : forced ? undefined : deps.tierReason?.();
  if (reason) result.fallbackReason = reason;
  if (failures.length > 0) deps.log('info', `tasks/parse served by the ${tier} tier: ${reason}`);
  return result;
}

/** The task model's tiers: parsing, the re-rank of next tasks and the summary's narrative run on them. */
function taskModelDeps(service: FeatureHost): TieredModelDeps {
  return {
    runTiered: (handlers, opts) => service.runTiered('taskParsing', handlers, opts),
    localJson: (request) => service.localJson({ capability: 'taskParsing', ...request }),
    cloudJson: (request) => service.cloudClient.chatJson(request),
    serverJson: (request) => service.serverJson('taskParsing', request),
    log: (level, message) => service.log(level, message),
    tierReason: () => service.status().capabilities.find((c) => c.capability === 'taskParsing')?.reason,
  };
}

export function registerTasks(service: FeatureHost): void {
  service.register('tasks/parse', (params, signal) => parseTaskTiered(params, signal, taskModelDeps(service)));
  service.register('tasks/nextRerank', (params, signal) => rerankNextTiered(params, signal, taskModelDeps(service)));
  service.register('tasks/summaryNarrative', (params, signal) => narrateSummaryTiered(params, signal, taskModelDeps(service)));
  service.register('tasks/newTag', (params, signal) => suggestNewTagTiered(params, signal, taskModelDeps(service)));
  registerTodoScan(service);
}
