// The degraded tier of code review: deterministic checks that need no model, each pointing at one
// precise line. They run on masked code (strings and comments blanked) so that text which merely
// looks like code does not trigger them. A file holding a unified diff is a patch, not code of its
// extension, and gets no findings. Where a file lies (tests/data, fixtures) does not silence them:
// such a folder holds deliberately odd inputs in some projects and helper code in others, and a user
// who reviews one of its files asked about it (settings and the baseline silence what is meant). In
// test code, the checks that tests trip on purpose report at info rather than not at all (testCode.ts).

import { holdsUnifiedDiff } from './diff';
import { compareFindings, touchesLines, type Finding } from './findings';
import { languageInfo } from './language';
import { outlineCode } from './outline';
import { assignmentInConditionRule } from './rules/assignmentInCondition';
import { bareExceptRule } from './rules/bareExcept';
import { consoleLoggingRule } from './rules/consoleLogging';
import { debuggerRule } from './rules/debuggerStatement';
import { deferInLoopRule } from './rules/deferInLoop';
import { duplicateKeysRule } from './rules/duplicateKeys';
import { emptyCatchRule } from './rules/emptyCatch';
import { floatingPromiseRule } from './rules/floatingPromise';
import { fStringWithoutPlaceholdersRule } from './rules/fStringWithoutPlaceholders';
import { isLiteralRule } from './rules/isLiteral';
import { defaultMaxFunctionLines, longFunctionRule } from './rules/longFunction';
import { loopVariableCaptureRule } from './rules/loopVariableCapture';
import { mutableDefaultRule } from './rules/mutableDefault';
import { nanComparisonRule } from './rules/nanComparison';
import { noneComparisonRule } from './rules/noneComparison';
import type { HeuristicRule, RuleContext } from './rules/scan';
import { sizeofPointerRule } from './rules/sizeofPointer';
import { todoInDiffRule } from './rules/todoInDiff';
import { uncheckedErrorRule } from './rules/uncheckedError';
import { unguardedCdRule } from './rules/unguardedCd';
import { unquotedShellVariableRule } from './rules/unquotedShellVariable';
import { unreachableCodeRule } from './rules/unreachableCode';

export const HEURISTIC_RULES: readonly HeuristicRule[] = [
  emptyCatchRule,
  debuggerRule,
  consoleLoggingRule,
  nanComparisonRule,
  assignmentInConditionRule,
  unreachableCodeRule,
  duplicateKeysRule,
  todoInDiffRule,
  longFunctionRule,
  noneComparisonRule,
  mutableDefaultRule,
  bareExceptRule,
  isLiteralRule,
  fStringWithoutPlaceholdersRule,
  deferInLoopRule,
  loopVariableCaptureRule,
  uncheckedErrorRule,
  unquotedShellVariableRule,
  unguardedCdRule,
  sizeofPointerRule,
  floatingPromiseRule,
];

export const HEURISTIC_RULE_IDS: readonly string[] = HEURISTIC_RULES.map((r) => r.id);

export interface HeuristicsOptions {
  languageId: string;
  /** Diff review: only findings touching these 1-based lines are kept; enables the TODO rule. */
  changedLines?: ReadonlySet<number>;
  /** Functions longer than this many lines are reported. Default: per language, see longFunction.ts. */
  maxFunctionLines?: number;
  /** The `go` directive of the module's go.mod, e.g. "1.21": rules that depend on the Go version run only when it is known. */
  goVersion?: string;
  /** Run only these rule ids; default all. */
  rules?: readonly string[];
  /** The file is test code (testCode.ts): rules marked deliberateInTestCode report at info. */
  testCode?: boolean;
}

export function runHeuristics(text: string, options: HeuristicsOptions): Finding[] {
  const outline = outlineCode(text, options.languageId);
  // Masked, so that a diff quoted in a string (a test of a diff reader) leaves its file checked.
  if (holdsUnifiedDiff(outline.lexed.masked)) return [];
  const { family, languageId } = languageInfo(options.languageId);
  const ctx: RuleContext = {
    outline,
    text,
    masked: outline.lexed.masked,
    family,
    languageId,
    maxFunctionLines: options.maxFunctionLines ?? defaultMaxFunctionLines(family),
    ...(options.changedLines ? { changedLines: options.changedLines } : {}),
    ...(options.goVersion ? { goVersion: options.goVersion } : {}),
  };
  const findings: Finding[] = [];
  for (const rule of HEURISTIC_RULES) {
    if (!rule.families.includes(family)) continue;
    if (rule.languageIds && !rule.languageIds.includes(languageId)) continue;
    if (options.rules && !options.rules.includes(rule.id)) continue;
    for (const hit of rule.check(ctx)) {
      const { touches, ...rest } = hit;
      if (options.changedLines) {
        const from = touches?.from ?? hit.line;
        const to = touches?.to ?? hit.endLine ?? hit.line;
        if (!touchesLines(from, to, options.changedLines)) continue;
      }
      const severity = options.testCode && rule.deliberateInTestCode ? 'info' : rest.severity;
      findings.push({ ...rest, severity, source: 'heuristics', rule: rule.id });
    }
  }
  return findings.sort(compareFindings);
}
