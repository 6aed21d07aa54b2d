// Worker requests of the tasks feature: method name → { params; result }, shared by host, worker and CLI.
import type { Tier } from './protocol';
import type { RerankCandidate } from './tasks/next/rerankCandidates';
import type { NarrativeFacts } from './tasks/summary/narrativeFacts';
import type { ParsedTask, TaskField } from './tasks/task';
import type { TodoMatch } from './todos/findTodos';

export interface TaskParseParams {
  /** A TODO's text, with or without its `TODO(owner):` prefix, or a task typed by hand. */
  text: string;
  /** ISO reference time for relative dates ("tomorrow"); default the worker's clock. */
  now?: string;
  /** IANA zone due dates are wall times in; default the worker's zone. */
  timeZone?: string;
  /** Run exactly this tier (CLI --tier); the policy still refuses cloud in Local only. */
  tier?: Tier;
  /** Overrides the task-parsing model (tests, benchmarks); implies the local tier unless `tier` is set. */
  modelPath?: string;
  /** Plain completion instead of a chat template, for base models such as stories260K. */
  completion?: boolean;
  /** Tags whose leading `TAG(owner):` the rules strip (setting localFocus.todo.tags). */
  todoTags?: string[];
}

export interface TaskParseResult extends ParsedTask {
  /** Why a better tier did not produce this result, e.g. "local: the model's answer had nothing usable". */
  fallbackReason?: string;
  /** Fields of the model's answer that failed validation, with why; absent for the rules tier. */
  dropped?: { field: TaskField | 'value'; reason: string }[];
  /** The model's answer as it came (before validation and the merge), when a model answered. */
  modelAnswer?: unknown;
  /** Tokens the model generated (0 for the rules). */
  tokens: number;
  ms: number;
}

export interface NextRerankParams {
  /** The rules tier's suggestions, best first, at most RERANK_CANDIDATES (rerankCandidatesOf). */
  candidates: RerankCandidate[];
  /** ISO reference time the model is told; default the worker's clock. */
  now?: string;
  /** IANA zone the due dates are wall times in; default the worker's zone. */
  timeZone?: string;
  /** Run exactly this tier (CLI --tier); 'degraded' is the rules' order unchanged. */
  tier?: Tier;
  /** Overrides the task model (tests); implies the local tier unless `tier` is set. */
  modelPath?: string;
  /** Plain completion instead of a chat template, for base models such as stories260K. */
  completion?: boolean;
}

export interface NextRerankResult {
  /** Every candidate's id, once: the model's order, or the rules' order when no model ranked. */
  order: string[];
  /** The model's short reason per id; empty when the rules' order stands. */
  reasons: Record<string, string>;
  /** The tier whose order this is: 'degraded' is the rules' order unchanged. */
  tier: Tier;
  /** Why a model tier did not rank, e.g. "local: it names t9, which is not one of the tasks". */
  fallbackReason?: string;
  /** The model's answer as it came, when a model answered. */
  modelAnswer?: unknown;
  /** Tokens the model generated (0 for the rules). */
  tokens: number;
  ms: number;
}

export interface SummaryNarrativeParams {
  /** The summary's period, counts and tasks under keys (narrativeFactsOf). */
  facts: NarrativeFacts;
  /** Run exactly this tier (CLI --tier); 'degraded' is no paragraph. */
  tier?: Tier;
  /** Overrides the task model (tests); implies the local tier unless `tier` is set. */
  modelPath?: string;
  /** Plain completion instead of a chat template, for base models such as stories260K. */
  completion?: boolean;
}

export interface NewTagParams {
  /** The title of the task being captured. */
  title: string;
  /** The rules' tag suggestions for it (src/core/tasks/suggest/). */
  suggested: string[];
  /** The task file's tags in use, the most used first; the model's tag must be none of them. */
  inUse: string[];
  /** Run exactly this tier; 'degraded' proposes nothing. */
  tier?: Tier;
  /** Overrides the task model (tests); implies the local tier unless `tier` is set. */
  modelPath?: string;
  /** Plain completion instead of a chat template, for base models such as stories260K. */
  completion?: boolean;
}

export interface SummaryNarrativeResult {
  /** The validated paragraph; absent when no model wrote one that passed (then `fallbackReason` says why). */
  paragraph?: string;
  /** The keys of the tasks the paragraph names, in the facts' order; empty without a paragraph. */
  tasks: string[];
  /** The tier that wrote the paragraph; 'degraded' when there is none. */
  tier: Tier;
  /** Why no model tier wrote it, e.g. "local: it names \"Deploy\", which is not a task in the summary". */
  fallbackReason?: string;
  /** The model's answer as it came, when a model answered. */
  modelAnswer?: unknown;
  /** Tokens the model generated (0 for the rules). */
  tokens: number;
  ms: number;
}

export interface NewTagResult {
  /** One tag no task uses yet, normalised; absent when no model proposed a valid one. */
  tag?: string;
  /** The tier that answered: 'degraded' when no model proposed. */
  tier: Tier;
  /** Why a model tier did not propose, e.g. "local: #auth is already in use, not new". */
  fallbackReason?: string;
  /** The model's answer as it came, when a model answered. */
  modelAnswer?: unknown;
  tokens: number;
  ms: number;
}

export interface TodoScanParams {
  /** Absolute folder to scan. */
  root: string;
  /** With a request id, each batch of files is streamed as worker/progress `partial` (TodoFilesPartial) and the result carries no files. */
  requestId?: string;
  tags?: string[];
  /** Globs relative to the root that are never scanned (files.exclude, search.exclude, localFocus.todo.exclude). */
  exclude?: string[];
  /** Honour .gitignore (search.useIgnoreFiles). Default true. */
  respectGitignore?: boolean;
  /** Text of open editors by absolute path, used instead of the file on disk. */
  overrides?: Record<string, string>;
  /** Also list scanned files without TODOs. Default false. */
  yieldEmpty?: boolean;
  maxFileBytes?: number;
}

/** One scanned file; `path` is relative to the scan root with forward slashes. */
export interface ScannedTodoFile {
  path: string;
  todos: TodoMatch[];
}

/** What a workspace scan looked at and skipped (the scanner's own counts, sent as they are). */
export interface TodoScanStats {
  filesScanned: number;
  filesWithTodos: number;
  todos: number;
  skippedBinary: number;
  skippedLarge: number;
  /** Files whose language has no known comment syntax. */
  skippedUnknown: number;
  ignored: number;
  /** Files whose TODOs came from the persisted scan record, unread (the worker's scan only). */
  fromRecord?: number;
  ms: number;
}

export interface TodoScanResult {
  /** Every file found, when the request had no `requestId`; empty when they were streamed. */
  files: ScannedTodoFile[];
  stats: TodoScanStats;
}

/** A batch of scanned files sent ahead of the scan's result. */
export interface TodoFilesPartial {
  kind: 'todos/files';
  files: ScannedTodoFile[];
}

export function isTodoFilesPartial(value: unknown): value is TodoFilesPartial {
  return isFilesPartialOf(value, 'todos/files');
}

/**
 * Sent once, before the first batch, by a streamed scan that found its folder's record: the files
 * that held TODOs when the record was written, as the record has them. A first picture to show
 * while the scan checks every file; the scan's batches and result supersede it.
 */
export interface TodoRecordedPartial {
  kind: 'todos/recorded';
  files: ScannedTodoFile[];
}

export function isTodoRecordedPartial(value: unknown): value is TodoRecordedPartial {
  return isFilesPartialOf(value, 'todos/recorded');
}

/** Whether `value` is a scan's partial of this kind, with its list of files. */
function isFilesPartialOf(value: unknown, kind: (TodoFilesPartial | TodoRecordedPartial)['kind']): boolean {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as { kind?: unknown; files?: unknown };
  return v.kind === kind && Array.isArray(v.files);
}

export interface TodoScanFileParams {
  /** Absolute path of the file. */
  path: string;
  /** The editor's text when the file is open; otherwise the file is read. */
  text?: string;
  tags?: string[];
  /** With a root, the file is first checked against .gitignore and the exclude globs. */
  root?: string;
  exclude?: string[];
  respectGitignore?: boolean;
}

export interface TodoScanFileResult {
  /** False when the file is excluded, ignored or of a language without known comments; then `todos` is empty. */
  scannable: boolean;
  todos: TodoMatch[];
  ms: number;
}

export interface TaskRequests {
  'tasks/parse': { params: TaskParseParams; result: TaskParseResult };
  'tasks/nextRerank': { params: NextRerankParams; result: NextRerankResult };
  'tasks/summaryNarrative': { params: SummaryNarrativeParams; result: SummaryNarrativeResult };
  'tasks/newTag': { params: NewTagParams; result: NewTagResult };
  'todos/scan': { params: TodoScanParams; result: TodoScanResult };
  'todos/scanFile': { params: TodoScanFileParams; result: TodoScanFileResult };
}

/** Longest TODO text sent for parsing: every tier reads less (the rules and the model 1,000 characters),
 *  and tasks/parse refuses over 20,000, which made one ~1 MB comment fail `local-focus todos` as a whole. */
export const MAX_TODO_TEXT_FOR_PARSING = 10_000;

/** The text a found TODO is parsed from: tag and owner kept, so `TODO(ana):` reads as the assignee in every tier. */
export function todoTextForParsing(todo: Pick<TodoMatch, 'tag' | 'owner' | 'text'>): string {
  const text = todo.text.length > MAX_TODO_TEXT_FOR_PARSING ? todo.text.slice(0, MAX_TODO_TEXT_FOR_PARSING) : todo.text;
  return `${todo.tag}${todo.owner ? `(${todo.owner})` : ''}: ${text}`;
}
