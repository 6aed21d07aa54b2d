// The one status bar item: the worst tier in use, each capability's tier and the last fallback in
// the tooltip, and a click that opens the mode / log / model manager quick pick.
import * as vscode from 'vscode';
import { llmBackendText } from '../core/llmBackendText';
import { CAPABILITY_LABELS, Mode, MODE_LABELS, StatusReport, Tier, TIER_LABELS } from '../core/protocol';

const ICONS: Record<Tier, string> = { cloud: '$(cloud)', server: '$(server)', local: '$(vm)', degraded: '$(warning)' };
const COLORS: Record<Tier, string | undefined> = { cloud: 'charts.blue', server: 'charts.green', local: 'charts.green', degraded: undefined };

export const STATUS_ITEM_ID = 'localFocus.mode';
export const STATUS_MENU_COMMAND = 'localFocus.statusMenu';

export interface WorkerDown {
  reason: string;
  since: Date;
}

export class ModeStatusBar implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;
  private report: StatusReport | undefined;
  private down: WorkerDown | undefined;
  private mode: Mode = 'auto';

  constructor() {
    this.item = vscode.window.createStatusBarItem(STATUS_ITEM_ID, vscode.StatusBarAlignment.Right, 100);
    this.item.name = 'Local Focus Mode';
    this.item.command = STATUS_MENU_COMMAND;
    this.render();
    this.item.show();
  }

  update(report: StatusReport): void {
    this.report = report;
    this.mode = report.mode;
    this.render();
  }

  setMode(mode: Mode): void {
    this.mode = mode;
    this.render();
  }

  setWorkerDown(down: WorkerDown | undefined): void {
    this.down = down;
    this.render();
  }

  /** The tier shown, for the quick pick and tests. */
  get tier(): Tier {
    return this.down || !this.report ? 'degraded' : this.report.worst;
  }

  private render(): void {
    const tier = this.tier;
    const modeSuffix = this.mode === 'auto' ? '' : ` (${MODE_LABELS[this.mode]})`;
    this.item.text = `${ICONS[tier]} ${TIER_LABELS[tier]}${modeSuffix}`;
    this.item.backgroundColor = tier === 'degraded' ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    const color = COLORS[tier];
    this.item.color = color ? new vscode.ThemeColor(color) : undefined;
    this.item.accessibilityInformation = { label: `Local Focus: ${TIER_LABELS[tier]}, mode ${MODE_LABELS[this.mode]}` };
    this.item.tooltip = this.tooltip();
  }

  private tooltip(): vscode.MarkdownString {
    const md = new vscode.MarkdownString(undefined, true);
    md.appendMarkdown(`**Local Focus** · mode: ${MODE_LABELS[this.mode]}\n\n`);
    if (this.down) {
      md.appendMarkdown(`$(error) Inference process down since ${time(this.down.since)}: ${escape(this.down.reason)}. Restarting; everything runs degraded meanwhile.\n\n`);
    }
    if (!this.report) {
      md.appendMarkdown('Starting…\n\n');
    } else {
      md.appendMarkdown('| Capability | Tier | Why |\n|---|---|---|\n');
      for (const c of this.report.capabilities) {
        const tier = this.down ? 'degraded' : c.tier;
        md.appendMarkdown(`| ${CAPABILITY_LABELS[c.capability]} | ${ICONS[tier]} ${TIER_LABELS[tier]} | ${escape(c.reason ?? '')} |\n`);
      }
      const fallbacks = this.report.capabilities.filter((c) => c.lastFallback);
      if (fallbacks.length) {
        md.appendMarkdown('\n**Last fallbacks**\n\n');
        for (const c of fallbacks) {
          const f = c.lastFallback!;
          md.appendMarkdown(
            `- ${CAPABILITY_LABELS[c.capability]}: ${TIER_LABELS[f.from]} → ${TIER_LABELS[f.to]} at ${time(new Date(f.at))}: ${escape(f.reason)}\n`,
          );
        }
      }
      const llm = llmBackendText(this.report);
      md.appendMarkdown(`\n**Chat models (llama.cpp):** ${escape(llm.summary)}\n\n`);
      if (llm.fallback) md.appendMarkdown(`$(warning) Not on the GPU: ${escape(llm.fallback)}\n\n`);
    }
    md.appendMarkdown('\nClick to switch mode, open the log or the model manager.');
    return md;
  }

  dispose(): void {
    this.item.dispose();
  }
}

function time(d: Date): string {
  return d.toLocaleTimeString();
}

function escape(text: string): string {
  return text.replace(/[|\\`*_{}[\]<>#]/g, (c) => `\\${c}`).replace(/\n/g, ' ');
}
