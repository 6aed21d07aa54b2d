// What the one status bar item says: its text, its Markdown tooltip and whether it asks for
// attention. VS Code's status bar guidelines: one item per extension, theme colours only, and the
// warning background only for a problem the user can act on. So the rules tier, which is where a
// fresh install starts, is shown plainly with a link to set up local AI; the warning background
// appears only when something the user set up fails (a model they chose or downloaded, a server
// they named, a cloud key). Background work (notes indexing, a review) shows in the same item.
// No vscode here, so plain Node tests cover it.
import { llmBackendText } from '../core/llmBackendText';
import { CAPABILITY_LABELS, MODE_LABELS, type Capability, type CapabilityStatus, type Mode, type StatusReport, type Tier } from '../core/protocol';

export const TIER_ICONS: Record<Tier, string> = { cloud: '$(cloud)', server: '$(server)', local: '$(vm)', degraded: '$(checklist)' };
/** The item's words: a model server the user runs is Local to them, and the rules are rules, not a fault. */
export const STATUS_TIER_LABELS: Record<Tier, string> = { cloud: 'Cloud', server: 'Local', local: 'Local', degraded: 'Rules' };
/** The tooltip's words, one per tier, so the table tells a loaded model from a server. */
const TABLE_TIER_LABELS: Record<Tier, string> = { cloud: 'Cloud', server: 'Local server', local: 'Local', degraded: 'Rules' };

/** Background work shown in the item: notes indexing, a review running or the last review. */
export interface StatusActivity {
  /** Appended to the item's text while it lasts, e.g. "$(sync~spin)"; keep it to an icon or two. */
  badge?: string;
  /** Markdown for the tooltip, one paragraph. */
  tooltip: string;
  /** The commands its tooltip links to (command:…), which the tooltip then may run. */
  commands?: string[];
}

/** What the user set up, so that its failure can be told from "nothing set up yet". */
export interface SetUpThings {
  /** Capabilities whose model the settings name (localFocus.models.*). */
  configuredModels: Capability[];
  /** localFocus.localServer.url, when set. */
  serverUrl?: string;
}

export interface StatusInputs {
  mode: Mode;
  report?: StatusReport | undefined;
  down?: { reason: string; since: Date } | undefined;
  setUp: SetUpThings;
  activities: readonly StatusActivity[];
  /** The command the "Set up local AI" link runs. */
  setUpCommand: string;
  now: Date;
}

/** How long a fallback from a local model or a server counts as a current problem: nothing says when it is back. */
export const RECENT_FALLBACK_MS = 15 * 60_000;

export interface StatusRendering {
  text: string;
  /** Markdown, with codicons and command links. */
  tooltip: string;
  /** Set when something the user set up fails: the item takes statusBarItem.warningBackground. */
  warning: boolean;
  accessibilityLabel: string;
}

export function renderStatus(inputs: StatusInputs): StatusRendering {
  const tier = shownTier(inputs);
  const modeSuffix = inputs.mode === 'auto' ? '' : ` (${MODE_LABELS[inputs.mode]})`;
  const badges = inputs.activities.map((a) => a.badge).filter(Boolean);
  const problems = inputs.down ? [] : setUpProblems(inputs.report, inputs.setUp, inputs.now);
  return {
    text: [`${TIER_ICONS[tier]} ${STATUS_TIER_LABELS[tier]}${modeSuffix}`, ...badges].join(' '),
    tooltip: tooltip(inputs, tier, problems),
    warning: problems.length > 0,
    accessibilityLabel: `Local Focus: ${STATUS_TIER_LABELS[tier]}, mode ${MODE_LABELS[inputs.mode]}${problems.length ? `, ${problems.length} problem${problems.length === 1 ? '' : 's'}` : ''}`,
  };
}

export function shownTier(inputs: Pick<StatusInputs, 'report' | 'down'>): Tier {
  return inputs.down || !inputs.report ? 'degraded' : inputs.report.worst;
}

/**
 * One sentence per thing the user set up that fails now: a tier that failed and has not been seen
 * working since, a cloud key whose endpoint does not answer, a named model that no tier loads, a
 * named server that was not found. A tier with no model, server or key never runs, so it leaves
 * no fallback: a fresh install has no problem, only the rules.
 */
export function setUpProblems(report: StatusReport | undefined, setUp: SetUpThings, now: Date): string[] {
  if (!report) return [];
  const problems: string[] = [];
  for (const c of report.capabilities) {
    const f = c.lastFallback;
    if (f && stillFailing(c, report, now)) problems.push(`${CAPABILITY_LABELS[c.capability]}: the ${TABLE_TIER_LABELS[f.from]} tier failed: ${f.reason}`);
    else if (c.tier === 'degraded' && setUp.configuredModels.includes(c.capability)) {
      problems.push(`${CAPABILITY_LABELS[c.capability]}: the model named in the settings is not used${c.reason ? `: ${c.reason}` : ''}`);
    }
  }
  if (report.cloud.configured && report.cloud.reachable === 'no' && report.mode !== 'localOnly') {
    problems.push(`The cloud endpoint does not answer${report.cloud.lastError ? `: ${report.cloud.lastError}` : ''}`);
  }
  if (setUp.serverUrl && report.localServers && !report.localServers.some((s) => sameServer(s.url, setUp.serverUrl!))) {
    problems.push(`The model server at ${setUp.serverUrl} does not answer`);
  }
  return problems;
}

/**
 * A fallback is current while its capability runs on another tier; on the tier that failed, the
 * cloud says when it answers again, a local model or a server only by not failing for a while.
 */
function stillFailing(c: CapabilityStatus, report: StatusReport, now: Date): boolean {
  const f = c.lastFallback!;
  if (c.tier !== f.from) return true;
  if (f.from === 'cloud') return report.cloud.reachable !== 'yes';
  return now.getTime() - Date.parse(f.at) < RECENT_FALLBACK_MS;
}

/** Compares server URLs without a trailing slash or an API suffix (/v1, /api). */
function sameServer(a: string, b: string): boolean {
  const base = (u: string) => u.trim().toLowerCase().replace(/\/+$/, '').replace(/\/(v1|api)$/, '');
  return base(a) === base(b);
}

function tooltip(inputs: StatusInputs, tier: Tier, problems: string[]): string {
  const parts = [`**Local Focus** · mode: ${MODE_LABELS[inputs.mode]}`];
  if (inputs.down) {
    parts.push(`$(error) Inference process down since ${inputs.down.since.toLocaleTimeString()}: ${escape(inputs.down.reason)}. Restarting; the rules serve everything meanwhile.`);
  }
  if (!inputs.report) parts.push('Starting…');
  else parts.push(...reportParts(inputs.report, !!inputs.down));
  if (problems.length) parts.push(`$(warning) **Needs attention**\n\n${problems.map((p) => `- ${escape(p)}`).join('\n')}`);
  if (tier === 'degraded' && !inputs.down && problems.length === 0) {
    parts.push(`The rules serve everything: no local model, model server or cloud key is set up. [Set up local AI](command:${inputs.setUpCommand})`);
  }
  parts.push(...inputs.activities.map((a) => a.tooltip));
  parts.push('Click to switch mode, open the log or the model manager.');
  return parts.join('\n\n');
}

function reportParts(report: StatusReport, down: boolean): string[] {
  const rows = report.capabilities.map((c) => {
    const tier = down ? 'degraded' : c.tier;
    return `| ${CAPABILITY_LABELS[c.capability]} | ${TIER_ICONS[tier]} ${TABLE_TIER_LABELS[tier]} | ${escape(why(c, tier))} |`;
  });
  const parts = [`| Capability | Tier | Why |\n|---|---|---|\n${rows.join('\n')}`];
  const fallbacks = report.capabilities.filter((c) => c.lastFallback);
  if (fallbacks.length) {
    const lines = fallbacks.map((c) => {
      const f = c.lastFallback!;
      return `- ${CAPABILITY_LABELS[c.capability]}: ${TABLE_TIER_LABELS[f.from]} → ${TABLE_TIER_LABELS[f.to]} at ${new Date(f.at).toLocaleTimeString()}: ${escape(f.reason)}`;
    });
    parts.push(`**Last fallbacks**\n\n${lines.join('\n')}`);
  }
  const servers = (report.localServers ?? []).map(
    (s) => `- ${escape(s.name)} at ${escape(s.url)}: ${s.models.length} model${s.models.length === 1 ? '' : 's'}${s.local ? '' : ' (not Local: its host is not in localFocus.localServer.allowHosts)'}`,
  );
  if (servers.length) parts.push(`**Model servers**\n\n${servers.join('\n')}`);
  const llm = llmBackendText(report);
  parts.push(`**Chat models (llama.cpp):** ${escape(llm.summary)}`);
  if (llm.fallback) parts.push(`$(warning) Not on the GPU: ${escape(llm.fallback)}`);
  return parts;
}

/** The reason, or on the server tier which server and model answer. */
function why(c: CapabilityStatus, tier: Tier): string {
  if (tier === 'server' && c.server) return `${c.server.name}${c.server.model ? ` · ${c.server.model}` : ''} (${c.server.url})`;
  return c.reason ?? '';
}

/** Markdown-escapes text for the tooltip; a table cell also cannot hold a newline. */
export function escape(text: string): string {
  return text.replace(/[|\\`*_{}[\]<>#]/g, (c) => `\\${c}`).replace(/\n/g, ' ');
}
