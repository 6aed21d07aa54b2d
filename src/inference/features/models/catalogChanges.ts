// The user's changes to which models there are and what is on disk: add a model by URL (to the
// user's catalog file, its shape read from the server's header when it can be), import a model
// file or folder into the models folder, verify files against their hashes, and remove a model's
// files (cancelling its download and unloading it first).
import * as fs from 'node:fs';
import { LocalFocusError, toLocalFocusError } from '../../../core/errors';
import { CatalogEntry, MODEL_ROLES, ModelRole } from '../../../core/models/catalogTypes';
import { applyGgufInfo, entryForUrl } from '../../../core/models/userCatalog';
import type { ModelVerifyReport, ModelView } from '../../../core/modelsProtocol';
import type { ImportResult } from '../../modelStore';
import type { GgufHeaders } from './ggufHeaders';
import type { ListedEntry, ModelCatalog } from './modelCatalog';
import type { ModelDownloads } from './modelDownloads';
import type { ModelManagerHost } from './modelManagerHost';
import type { ModelRuntime } from './modelRuntime';
import type { ModelsFolder } from './modelsFolder';
import type { ModelViews } from './modelViews';
import { upsertUserCatalogEntry } from './userCatalogFile';

export class CatalogChanges {
  constructor(
    private readonly host: ModelManagerHost,
    private readonly folder: ModelsFolder,
    private readonly catalog: ModelCatalog,
    private readonly headers: GgufHeaders,
    private readonly downloads: ModelDownloads,
    private readonly runtime: ModelRuntime,
    private readonly views: ModelViews,
  ) {}

  async addUrl(params: { url: string; role: ModelRole; sha256?: string; name?: string }, signal?: AbortSignal): Promise<{ model: ModelView; headerRead: boolean }> {
    let entry: CatalogEntry = entryForUrl(params.url, { role: params.role, ...(params.sha256 ? { sha256: params.sha256 } : {}), ...(params.name ? { name: params.name } : {}) });
    const info = await this.headers.fetch(entry, signal);
    if (info) entry = applyGgufInfo(entry, info);
    const file = this.catalog.file();
    await upsertUserCatalogEntry(file, entry);
    this.host.log('info', `Added ${entry.name} (${entry.id}) from ${params.url} to ${file}${entry.verified ? '' : ' without a SHA-256: it is unverified'}.`);
    return { model: await this.views.view(await this.catalog.entry(entry.id)), headerRead: Boolean(info) };
  }

  async importModel(params: { path: string; role: ModelRole; name?: string; overwrite?: boolean }, signal?: AbortSignal) {
    if (typeof params.path !== 'string' || !params.path.trim()) throw new LocalFocusError('bad-input', 'Give the path of a .gguf file or an ONNX model folder to import.');
    if (!MODEL_ROLES.includes(params.role)) throw new LocalFocusError('bad-input', `Unknown role "${String(params.role)}"; use one of ${MODEL_ROLES.join(', ')}.`);
    const { entries } = await this.catalog.read();
    let result: ImportResult;
    try {
      result = await this.folder.queueRecordWrite(() =>
        this.folder.store().importModel(params.path, {
          role: params.role,
          catalog: entries,
          ...(params.name ? { name: params.name } : {}),
          ...(params.overwrite ? { overwrite: true } : {}),
          ...(signal ? { signal } : {}),
        }),
      );
    } catch (err) {
      const e = toLocalFocusError(err);
      if (e.code === 'model-corrupt') {
        throw new LocalFocusError('bad-input', `${params.path} cannot be imported: it is not a GGUF model (${e.message}). Import a .gguf file or a folder with an ONNX model, config.json and tokenizer.json.`, e.data);
      }
      throw e;
    }
    this.host.log('info', `Imported ${params.path} as ${result.entry.name} (${result.entry.id})${result.matchedCatalog ? ', matching its published SHA-256' : ''}.`);
    this.host.statusChanged();
    const entry = (await this.catalog.read()).entries.find((e) => e.id === result.entry.id) ?? { ...result.entry, source: 'imported' as const };
    return { model: await this.views.view(entry), matchedCatalog: result.matchedCatalog, sha256: result.sha256 };
  }

  /** Hashes one model's files, or every model with files on disk; a download running is left alone. */
  async verify(id: string | undefined, signal?: AbortSignal): Promise<ModelVerifyReport[]> {
    const entries = id ? [await this.catalog.entry(id)] : (await this.catalog.read()).entries;
    const reports: ModelVerifyReport[] = [];
    for (const entry of entries) {
      if (this.downloads.isRunning(entry.id)) continue;
      const before = await this.folder.store().status(entry);
      if (!id && (before.state === 'not-downloaded' || before.state === 'partial')) continue;
      const status = await this.folder.queueRecordWrite(() => this.folder.store().verify(entry, signal));
      const problems = status.files.filter((f) => f.state !== 'ready').map((f) => `${f.name} is ${f.state}${f.problem ? `: ${f.problem}` : ''}`);
      // A hash that does not match is remembered, so the list says "failed" and why until the next download.
      if (status.state === 'ready') this.downloads.forgetFailure(entry.id);
      else if (status.state === 'corrupt') this.downloads.recordFailure(entry.id, problems.join('; '));
      const view = await this.views.view(entry);
      reports.push({ id: entry.id, state: view.state, problems });
    }
    this.host.statusChanged();
    return reports;
  }

  /**
   * Deletes the model's files (and its record); returns the paths that were there. A model used in
   * place is only forgotten: its files are Ollama's or LM Studio's, nothing is deleted, and they
   * are returned as kept.
   */
  async remove(id: string): Promise<{ removed: string[]; kept?: string[] }> {
    const entry = await this.catalog.entry(id);
    if (this.downloads.isRunning(id)) await this.downloads.cancel(entry);
    if (this.folder.isLoaded(entry, this.host.status().loadedModels)) await this.runtime.unload(id);
    if (entry.inPlace) return this.forget(entry);
    const removed: string[] = [];
    for (const file of entry.files) {
      const p = this.folder.store().pathOf(entry, file);
      if (fs.existsSync(p) || fs.existsSync(p + '.partial')) removed.push(p);
    }
    await this.folder.queueRecordWrite(() => this.folder.store().remove(entry));
    this.downloads.forgetFailure(id);
    await this.folder.paused().set(id, false);
    this.host.log('info', `Removed ${entry.name} (${entry.id}): ${removed.length} file(s) deleted.`);
    this.host.statusChanged();
    return { removed };
  }

  private async forget(entry: ListedEntry): Promise<{ removed: string[]; kept: string[] }> {
    await this.folder.queueRecordWrite(() => this.folder.store().remove(entry));
    this.downloads.forgetFailure(entry.id);
    const kept = entry.files.map((f) => this.folder.store().pathOf(entry, f));
    this.host.log('info', `Forgot ${entry.name} (${entry.id}), used in place; its file ${kept.join(', ')} is left where it is.`);
    this.host.statusChanged();
    return { removed: [], kept };
  }
}
