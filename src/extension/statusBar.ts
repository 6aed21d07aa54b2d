// The one status bar item of the extension: the worst tier in use, each capability's tier, the last
// fallbacks and the background work (notes indexing, reviews) in its tooltip, and a click that opens
// the mode / log / model manager quick pick. statusText.ts decides the words; this file shows them.
import * as vscode from 'vscode';
import type { Mode, StatusReport, Tier } from '../core/protocol';
import { RECENT_FALLBACK_MS, renderStatus, shownTier, type SetUpThings, type StatusActivity } from './statusText';

export const STATUS_ITEM_ID = 'localFocus.mode';
export const STATUS_MENU_COMMAND = 'localFocus.statusMenu';
export const SET_UP_LOCAL_AI_COMMAND = 'localFocus.setUpLocalAi';

export interface WorkerDown {
  reason: string;
  since: Date;
}

export class ModeStatusBar implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;
  private report: StatusReport | undefined;
  private down: WorkerDown | undefined;
  private mode: Mode = 'auto';
  private setUp: SetUpThings = { configuredModels: [] };
  /** Keyed by who shows it ("notes", "review"), in the order they first appeared. */
  private readonly activities = new Map<string, StatusActivity>();
  private recheck: NodeJS.Timeout | undefined;

  constructor() {
    this.item = vscode.window.createStatusBarItem(STATUS_ITEM_ID, vscode.StatusBarAlignment.Right, 100);
    this.item.name = 'Local Focus';
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

  setSetUpThings(setUp: SetUpThings): void {
    this.setUp = setUp;
    this.render();
  }

  setWorkerDown(down: WorkerDown | undefined): void {
    this.down = down;
    this.render();
  }

  /** Shows (or, with undefined, removes) one piece of background work in the item. */
  setActivity(key: string, activity: StatusActivity | undefined): void {
    if (activity) this.activities.set(key, activity);
    else this.activities.delete(key);
    this.render();
  }

  /** The tier shown, for the quick pick and tests. */
  get tier(): Tier {
    return shownTier({ report: this.report, down: this.down });
  }

  private render(): void {
    const shown = renderStatus({
      mode: this.mode,
      report: this.report,
      down: this.down,
      setUp: this.setUp,
      activities: [...this.activities.values()],
      setUpCommand: SET_UP_LOCAL_AI_COMMAND,
      now: new Date(),
    });
    this.item.text = shown.text;
    this.item.backgroundColor = shown.warning ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    this.item.accessibilityInformation = { label: shown.accessibilityLabel };
    const tooltip = new vscode.MarkdownString(shown.tooltip, true);
    // Trusted for the links it holds only, not for any command.
    tooltip.isTrusted = { enabledCommands: [SET_UP_LOCAL_AI_COMMAND, ...[...this.activities.values()].flatMap((a) => a.commands ?? [])] };
    this.item.tooltip = tooltip;
    // A fallback counts as a problem only for a while (statusText.ts): look again once it may have aged out.
    clearTimeout(this.recheck);
    this.recheck = shown.warning ? setTimeout(() => this.render(), RECENT_FALLBACK_MS) : undefined;
  }

  dispose(): void {
    clearTimeout(this.recheck);
    this.item.dispose();
  }
}
