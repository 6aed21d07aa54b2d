// The Model Manager's "Search Hugging Face" section, on the host's side, and the Hugging Face token
// commands. A search goes to the worker (models/hubSearch), which asks the hub or, in Local only and
// when the hub cannot be reached, answers with the same search kept on disk, marked stale. The view
// opens on the last search kept. Download adds the chosen file to the catalog pinned to its
// published sha256 (models/hubAdd) and starts its download as any catalog model's; a model whose
// small files have no published hash is added only after the user agrees. The token is kept in
// the editor's secret storage and reaches the worker with its configuration, never the view.
import * as vscode from 'vscode';
import { toLocalFocusError } from '../core/errors';
import { DEFAULT_HUB_URL } from '../core/models/hubAddress';
import type { ModelRole } from '../core/models/catalogTypes';
import type { ModelView } from '../core/modelsProtocol';
import type { StatusReport } from '../core/protocol';
import type { HostToWebview, HubPanelState } from '../core/webviewProtocol';
import { hubUrlSetting, SECRET_HUB_TOKEN } from './config';
import type { LocalFocusApi } from './featureApi';

export interface HubSearchHost {
  readonly api: LocalFocusApi;
  post(msg: HostToWebview): Promise<void>;
  /** Starts the download of a catalog model as the Download button does (asking first when it will not fit). */
  download(model: ModelView): Promise<void>;
}

export class HubSearchSection {
  private panel: HubPanelState = { busy: false, hubUrl: DEFAULT_HUB_URL };

  constructor(private readonly host: HubSearchHost) {}

  /** Sends the section as it is, with the last search kept on disk the first time. */
  async show(): Promise<void> {
    this.panel = { ...this.panel, hubUrl: hubUrlSetting() || DEFAULT_HUB_URL, ...this.modeFacts(this.host.api.status()) };
    if (!this.panel.search) {
      try {
        const { search } = await this.host.api.request('models/hubLastSearch', {});
        if (search) this.panel = { ...this.panel, search };
      } catch (err) {
        this.host.api.log.write('warn', `model manager: could not read the last Hub search: ${toLocalFocusError(err).message}`);
      }
    }
    await this.send();
  }

  /** The mode decides whether the search box is on; a change shows at once. */
  onStatus(report: StatusReport): void {
    const facts = this.modeFacts(report);
    if (facts.offReason === this.panel.offReason) return;
    const { offReason: _offReason, ...rest } = this.panel;
    void _offReason;
    this.panel = { ...rest, ...facts };
    void this.send();
  }

  async search(query: string, role: ModelRole): Promise<void> {
    const { error: _error, ...rest } = this.panel;
    void _error;
    this.panel = { ...rest, busy: true };
    await this.send();
    try {
      const search = await this.host.api.request('models/hubSearch', { query, role });
      this.panel = { ...this.panel, search, hubUrl: search.hubUrl };
    } catch (err) {
      this.panel = { ...this.panel, error: toLocalFocusError(err).message };
    } finally {
      this.panel = { ...this.panel, busy: false };
      await this.send();
    }
  }

  async download(repo: string, file: string, role: ModelRole): Promise<void> {
    const listed = this.fileOf(repo, file);
    let unverified = false;
    if (listed && !listed.verified) {
      const choice = await vscode.window.showWarningMessage(
        `${listed.unhashed.join(', ')} of ${repo} ${listed.unhashed.length > 1 ? 'have' : 'has'} no published SHA-256, so the download cannot check them.`,
        { modal: true, detail: 'The model file itself is checked against its hash. Add it only if you trust the repository.' },
        'Add Unverified',
      );
      if (choice !== 'Add Unverified') return;
      unverified = true;
    }
    try {
      const { model } = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Adding ${file} from ${repo}…`, cancellable: true }, (_p, token) =>
        this.host.api.request('models/hubAdd', { repo, file, role, ...(unverified ? { unverified } : {}) }, token),
      );
      this.host.api.log.write('info', `model manager: added ${model.id} from ${repo}; downloading it`);
      await this.host.download(model);
    } catch (err) {
      this.host.api.reportError(`Could not add ${file} from ${repo}`, err);
    }
  }

  private fileOf(repo: string, file: string) {
    return this.panel.search?.repos.find((r) => r.repo === repo)?.files.find((f) => f.name === file);
  }

  private modeFacts(report: StatusReport | undefined): Pick<HubPanelState, 'offReason'> {
    if (report?.mode !== 'localOnly') return {};
    const host = safeHost(hubUrlSetting() || DEFAULT_HUB_URL);
    return { offReason: `Local only: searching is off, because it would connect to ${host}. The last search is still shown; switch the mode to Auto to search again.` };
  }

  private async send(): Promise<void> {
    await this.host.post({ type: 'hub', panel: this.panel });
  }
}

function safeHost(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

/** "Set Hugging Face Token…" and "Clear Hugging Face Token": the token lives in secret storage only. */
export function hubTokenCommands(api: LocalFocusApi): vscode.Disposable[] {
  const secrets = api.context.secrets;
  return [
    vscode.commands.registerCommand('localFocus.setHubToken', async () => {
      const token = await vscode.window.showInputBox({
        title: 'Local Focus: Set Hugging Face Token',
        prompt: 'A read token from huggingface.co/settings/tokens, for gated models. Stored in the editor\'s secret storage and sent to the hub\'s own host only.',
        password: true,
        ignoreFocusOut: true,
        validateInput: (v) => (/^\S{8,}$/.test(v.trim()) ? undefined : 'A token is one word of at least 8 characters, such as hf_…'),
      });
      if (!token) return;
      await secrets.store(SECRET_HUB_TOKEN, token.trim());
      api.log.write('info', 'Hugging Face token stored in secret storage');
      void vscode.window.showInformationMessage('Local Focus: Hugging Face token saved; gated models you have access to can be downloaded.');
    }),
    vscode.commands.registerCommand('localFocus.clearHubToken', async () => {
      await secrets.delete(SECRET_HUB_TOKEN);
      api.log.write('info', 'Hugging Face token removed from secret storage');
    }),
  ];
}
