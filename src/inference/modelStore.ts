// The models folder: which catalog files are there, partly downloaded, verified or damaged, and
// "Import Model File…" for machines that cannot download (a .gguf file, or an ONNX model folder).
//
// Hashing a 2 GB file on every look would be slow, so a file's verified hash is remembered in
// `<modelsDir>/.local-focus-models.json` with its size and modification time; a file that changes
// afterwards is no longer "ready" until it is verified again. Imported models are listed there too,
// and models used in place (found in Ollama's or LM Studio's folders), whose files are never deleted.
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as fsp from 'node:fs/promises';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { LocalFocusError } from '../core/errors';
import { CatalogEntry, CatalogFile, ModelRole } from '../core/models/catalogTypes';
import { GgufModelInfo, ggufModelInfo } from '../core/models/gguf';
import { checkGgufFile } from '../core/models/ggufCheck';
import { resolveInside, unsafeRelativePathReason } from '../core/models/safePath';
import type { DownloadRequest } from './download';
import { inPlacePathOf, isWellFormedInPlaceEntry } from './modelsOnDisk/inPlaceEntry';

export const REGISTRY_FILE = '.local-focus-models.json';

export type ModelFileState = 'missing' | 'partial' | 'unverified' | 'ready' | 'corrupt';
export type ModelState = 'not-downloaded' | 'partial' | 'unverified' | 'ready' | 'corrupt';

export interface ModelFileStatus {
  name: string;
  path: string;
  state: ModelFileState;
  /** Bytes on disk (of the partial file when state is "partial"). */
  bytes: number;
  expectedBytes: number | null;
  /** Why the file is corrupt, for the UI. */
  problem?: string;
}

export interface ModelStatus {
  id: string;
  state: ModelState;
  files: ModelFileStatus[];
  bytesOnDisk: number;
}

interface VerifiedRecord {
  size: number;
  mtimeMs: number;
  sha256: string;
  verifiedAt: string;
}

interface Registry {
  version: 1;
  /** Keyed by the path relative to the models folder, "/" separated. */
  verified: Record<string, VerifiedRecord>;
  imported: CatalogEntry[];
  /** Models used where another program keeps them (entries with `inPlace`); absent in older records. */
  inPlace?: CatalogEntry[];
}

export interface ImportOptions {
  role: ModelRole;
  name?: string;
  /** Entries to recognise the file in: an imported copy of a catalog file becomes that entry, verified. */
  catalog?: readonly CatalogEntry[];
  /** Replace a model of the same name already in the models folder. */
  overwrite?: boolean;
  signal?: AbortSignal;
}

export interface ImportResult {
  entry: CatalogEntry;
  /** True when the file's hash matched a catalog entry's published hash. */
  matchedCatalog: boolean;
  gguf?: GgufModelInfo;
  sha256: Record<string, string>;
}

async function statOrUndefined(p: string): Promise<fs.Stats | undefined> {
  try {
    return await fsp.stat(p);
  } catch {
    return undefined;
  }
}

async function sha256OfFile(p: string, signal?: AbortSignal): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of fs.createReadStream(p, { highWaterMark: 1024 * 1024, signal })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** Copies a file to `dest` through `<dest>.partial`, hashing as it goes; renames only when whole. */
async function copyHashed(source: string, dest: string, signal?: AbortSignal): Promise<string> {
  await fsp.mkdir(path.dirname(dest), { recursive: true });
  const partial = dest + '.partial';
  const hash = createHash('sha256');
  const out = fs.createWriteStream(partial);
  try {
    for await (const chunk of fs.createReadStream(source, { highWaterMark: 1024 * 1024, signal })) {
      hash.update(chunk as Buffer);
      if (!out.write(chunk)) await new Promise<void>((resolve, reject) => out.once('drain', resolve).once('error', reject));
    }
    await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
    const handle = await fsp.open(partial, 'r+');
    await handle.sync().finally(() => handle.close());
    await fsp.rename(partial, dest);
  } catch (err) {
    out.destroy();
    await fsp.rm(partial, { force: true });
    throw err;
  }
  return hash.digest('hex');
}

function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9._-]+/g, '-').replace(/-+/g, '-').replace(/^[^a-z0-9]+/, '').replace(/[-._]+$/, '').slice(0, 72) || 'model';
}

export class ModelStore {
  constructor(readonly modelsDir: string) {}

  /** The model's folder (the models folder itself for single-file GGUF models). */
  folderOf(entry: CatalogEntry): string {
    return entry.folder === '' ? path.resolve(this.modelsDir) : resolveInside(this.modelsDir, entry.folder);
  }

  pathOf(entry: CatalogEntry, file: CatalogFile): string {
    if (entry.inPlace) return inPlacePathOf(entry, file);
    return resolveInside(this.folderOf(entry), file.name);
  }

  private key(absolute: string): string {
    return path.relative(path.resolve(this.modelsDir), absolute).split(path.sep).join('/');
  }

  private get registryPath(): string {
    return path.join(this.modelsDir, REGISTRY_FILE);
  }

  private async readRegistry(): Promise<Registry> {
    try {
      const parsed = JSON.parse(await fsp.readFile(this.registryPath, 'utf8')) as Registry;
      if (parsed.version === 1 && parsed.verified && Array.isArray(parsed.imported)) return parsed;
    } catch {
      // Missing or damaged: nothing is remembered as verified, which only costs a re-check.
    }
    return { version: 1, verified: {}, imported: [] };
  }

  private async updateRegistry(change: (r: Registry) => void): Promise<void> {
    await fsp.mkdir(this.modelsDir, { recursive: true });
    const registry = await this.readRegistry();
    change(registry);
    const tmp = `${this.registryPath}.${process.pid}.tmp`;
    try {
      await fsp.writeFile(tmp, JSON.stringify(registry, null, 2));
      await fsp.rename(tmp, this.registryPath);
    } catch (err) {
      // A full disk fails the write halfway: do not leave the half-written file taking space.
      await fsp.rm(tmp, { force: true });
      throw err;
    }
  }

  /** Remembers that a file on disk has this hash (after a download or a verification). */
  async recordVerified(entry: CatalogEntry, file: CatalogFile, sha256: string): Promise<void> {
    const p = this.pathOf(entry, file);
    const st = await fsp.stat(p);
    await this.updateRegistry((r) => {
      r.verified[this.key(p)] = { size: st.size, mtimeMs: st.mtimeMs, sha256, verifiedAt: new Date().toISOString() };
    });
  }

  private fileStatusFrom(file: CatalogFile, p: string, st: fs.Stats | undefined, partial: fs.Stats | undefined, record: VerifiedRecord | undefined): ModelFileStatus {
    const base = { name: file.name, path: p, expectedBytes: file.size };
    if (!st) return partial ? { ...base, state: 'partial', bytes: partial.size } : { ...base, state: 'missing', bytes: 0 };
    if (file.size !== null && st.size !== file.size) {
      return { ...base, state: 'corrupt', bytes: st.size, problem: `has ${st.size} bytes instead of ${file.size}` };
    }
    if (record && record.size === st.size && record.mtimeMs === st.mtimeMs) {
      if (file.sha256 && record.sha256 !== file.sha256) return { ...base, state: 'corrupt', bytes: st.size, problem: 'its SHA-256 does not match the published one' };
      return { ...base, state: 'ready', bytes: st.size };
    }
    return { ...base, state: 'unverified', bytes: st.size };
  }

  /** The model's state from what is on disk and what was verified before; reads no file contents. */
  async status(entry: CatalogEntry): Promise<ModelStatus> {
    const registry = await this.readRegistry();
    const files: ModelFileStatus[] = [];
    for (const file of entry.files) {
      const p = this.pathOf(entry, file);
      files.push(this.fileStatusFrom(file, p, await statOrUndefined(p), await statOrUndefined(p + '.partial'), registry.verified[this.key(p)]));
    }
    return summarize(entry.id, files);
  }

  /** Hashes every present file, remembers the good ones, and reports damaged ones as corrupt. */
  async verify(entry: CatalogEntry, signal?: AbortSignal): Promise<ModelStatus> {
    const files: ModelFileStatus[] = [];
    for (const file of entry.files) {
      const p = this.pathOf(entry, file);
      const st = await statOrUndefined(p);
      const partial = await statOrUndefined(p + '.partial');
      if (!st || (file.size !== null && st.size !== file.size)) {
        files.push(this.fileStatusFrom(file, p, st, partial, undefined));
        continue;
      }
      const actual = await sha256OfFile(p, signal);
      if (file.sha256 && actual !== file.sha256) {
        files.push({ name: file.name, path: p, expectedBytes: file.size, state: 'corrupt', bytes: st.size, problem: `its SHA-256 is ${actual}, not the published ${file.sha256}` });
        continue;
      }
      await this.recordVerified(entry, file, actual);
      files.push({ name: file.name, path: p, expectedBytes: file.size, state: 'ready', bytes: st.size });
    }
    return summarize(entry.id, files);
  }

  /** Downloader requests for the files that are not ready (ids "<entry id>/<file name>"). */
  async downloadRequests(entry: CatalogEntry): Promise<DownloadRequest[]> {
    const status = await this.status(entry);
    return entry.files
      .filter((_f, i) => status.files[i].state !== 'ready' && status.files[i].state !== 'unverified')
      .map((f) => ({ id: `${entry.id}/${f.name}`, url: f.url, destDir: this.folderOf(entry), fileName: f.name, size: f.size, sha256: f.sha256 }));
  }

  /**
   * Deletes the model's files, partial downloads and records (and its folder when it has one). A
   * model used in place is only forgotten: its files belong to Ollama or LM Studio.
   */
  async remove(entry: CatalogEntry): Promise<void> {
    if (entry.inPlace) return this.forgetInPlace(entry);
    for (const file of entry.files) {
      const p = this.pathOf(entry, file);
      for (const q of [p, p + '.partial', p + '.partial.json']) await fsp.rm(q, { force: true });
    }
    if (entry.folder !== '') await fsp.rm(this.folderOf(entry), { recursive: true, force: true });
    await this.updateRegistry((r) => {
      for (const file of entry.files) delete r.verified[this.key(this.pathOf(entry, file))];
      r.imported = r.imported.filter((e) => e.id !== entry.id);
    });
  }

  /** Models added with "Import Model File…", as catalog entries with file:// URLs (never downloaded). */
  async imported(): Promise<CatalogEntry[]> {
    // The registry is a file anyone can edit: an entry whose folder or file names would leave the
    // models folder is left out (pathOf would refuse it anyway, but one such entry made every
    // listing of the model manager fail).
    return (await this.readRegistry()).imported.filter(isSafeImportedEntry);
  }

  /** Models used in place, as recorded; an entry that does not hold one absolute path per file is left out. */
  async inPlace(): Promise<CatalogEntry[]> {
    return ((await this.readRegistry()).inPlace ?? []).filter(isWellFormedInPlaceEntry);
  }

  /** Records a model used in place (replacing the one with its id or its file) as checked whole. */
  async recordInPlace(entry: CatalogEntry, checkedSha256: string): Promise<void> {
    const first = entry.inPlace?.paths[0];
    if (!first || !isWellFormedInPlaceEntry(entry)) throw new LocalFocusError('internal', `${entry.id} is not a model used in place.`);
    await this.updateRegistry((r) => {
      r.inPlace = [...(r.inPlace ?? []).filter((e) => e.id !== entry.id && e.inPlace?.paths[0] !== first), entry];
    });
    for (const file of entry.files) await this.recordVerified(entry, file, checkedSha256);
  }

  /** Drops the record of a model used in place; its files are not touched. */
  private async forgetInPlace(entry: CatalogEntry): Promise<void> {
    await this.updateRegistry((r) => {
      for (const file of entry.files) delete r.verified[this.key(this.pathOf(entry, file))];
      r.inPlace = (r.inPlace ?? []).filter((e) => e.id !== entry.id);
    });
  }

  /** Validates, hashes and copies a .gguf file or an ONNX model folder into the models folder. */
  async importModel(source: string, options: ImportOptions): Promise<ImportResult> {
    const st = await statOrUndefined(source);
    if (!st) throw new LocalFocusError('bad-input', `${source} does not exist.`);
    return st.isDirectory() ? this.importOnnxFolder(path.resolve(source), options) : this.importGguf(path.resolve(source), options);
  }

  private async importGguf(source: string, options: ImportOptions): Promise<ImportResult> {
    // Validated before anything is copied: magic, version, the model fields of the header and that
    // every tensor's data is inside the file (a truncated file was imported as ready).
    const info = ggufModelInfo(await checkGgufFile(source, options.signal ? { signal: options.signal } : {}));
    const sha = await sha256OfFile(source, options.signal);
    const size = (await fsp.stat(source)).size;
    for (const entry of options.catalog ?? []) {
      const file = entry.files.length === 1 ? entry.files[0] : undefined;
      if (file && file.sha256 === sha && (file.size === null || file.size === size)) {
        await copyHashed(source, this.pathOf(entry, file), options.signal);
        await this.recordVerified(entry, file, sha);
        return { entry, matchedCatalog: true, gguf: info, sha256: { [file.name]: sha } };
      }
    }
    const fileName = path.basename(source);
    if (!fileName.toLowerCase().endsWith('.gguf')) {
      throw new LocalFocusError('bad-input', `Rename the file to end in .gguf before importing it (it is a GGUF model: ${info.architecture}).`);
    }
    // Said apart from the .gguf rule: a POSIX name such as "..\\x.gguf" is refused for its characters.
    const unsafe = unsafeRelativePathReason(fileName);
    if (unsafe) throw new LocalFocusError('bad-input', `The file name "${fileName}" ${unsafe}; rename the file before importing it.`, { reason: 'unsafe-path' });
    const dest = resolveInside(this.modelsDir, fileName);
    if ((await statOrUndefined(dest)) && !options.overwrite) {
      throw new LocalFocusError('bad-input', `${fileName} is already in the models folder; remove it first or import with overwrite.`);
    }
    const copied = await copyHashed(source, dest, options.signal);
    if (copied !== sha) throw new LocalFocusError('model-corrupt', `${fileName} changed while it was being imported; try again.`);
    const replaced = (await this.imported()).find((e) => e.folder === '' && e.files[0]?.name === fileName);
    const entry: CatalogEntry = {
      id: replaced?.id ?? (await this.uniqueId(`imported-${slug(fileName.replace(/\.gguf$/i, ''))}`)),
      name: options.name?.trim() || info.name || fileName.replace(/\.gguf$/i, ''),
      roles: [options.role],
      publisher: 'Imported file',
      trust: 'community',
      files: [{ name: fileName, url: pathToFileURL(source).toString(), size, sha256: sha }],
      quantization: info.quantization ?? 'unknown',
      parameters: 'unknown',
      contextLength: info.contextLength,
      license: 'unknown (imported file)',
      format: 'gguf',
      // Hashed by us, but not checked against a publisher's hash: shown as unverified.
      verified: false,
      folder: '',
      architecture: { layers: info.blockCount, headCount: info.headCount, kvHeads: info.headCountKv, headDim: info.keyLength ?? Math.floor(info.embeddingLength / info.headCount) },
    };
    await this.recordVerified(entry, entry.files[0], sha);
    await this.updateRegistry((r) => {
      r.imported = [...r.imported.filter((e) => e.id !== entry.id && !(e.folder === '' && e.files[0]?.name === fileName)), entry];
    });
    return { entry, matchedCatalog: false, gguf: info, sha256: { [fileName]: sha } };
  }

  private async importOnnxFolder(source: string, options: ImportOptions): Promise<ImportResult> {
    const names = (await fsp.readdir(source, { recursive: true, withFileTypes: true }))
      .filter((d) => d.isFile())
      .map((d) => path.relative(source, path.join((d as fs.Dirent & { parentPath?: string; path?: string }).parentPath ?? (d as { path?: string }).path ?? source, d.name)).split(path.sep).join('/'))
      .filter((n) => !n.split('/').some((part) => part.startsWith('.')))
      .sort();
    const problems: string[] = [];
    // Checked before anything is copied: a name refused halfway through the copy left the files
    // copied before it in the models folder.
    for (const n of names) {
      const unsafe = unsafeRelativePathReason(n);
      if (unsafe) problems.push(`the file name "${n}" ${unsafe}`);
    }
    const onnx = names.filter((n) => n.toLowerCase().endsWith('.onnx'));
    if (onnx.length === 0) problems.push('no .onnx file');
    for (const required of ['config.json', 'tokenizer.json']) if (!names.includes(required)) problems.push(`no ${required}`);
    for (const json of names.filter((n) => n.endsWith('.json'))) {
      try {
        JSON.parse(await fsp.readFile(path.join(source, json), 'utf8'));
      } catch {
        problems.push(`${json} is not valid JSON`);
      }
    }
    for (const model of onnx) {
      // An ONNX file is a protobuf ModelProto whose first field is ir_version (field 1, varint): 0x08.
      const handle = await fsp.open(path.join(source, model), 'r');
      const first = Buffer.alloc(1);
      await handle.read(first, 0, 1, 0).finally(() => handle.close());
      if (first[0] !== 0x08) problems.push(`${model} is not an ONNX model`);
    }
    if (problems.length > 0) {
      throw new LocalFocusError('bad-input', `${source} is not an ONNX model folder this extension can use: ${problems.join(', ')}. It needs config.json, tokenizer.json and the .onnx weights.`);
    }
    const folder = slug(path.basename(source));
    const dest = resolveInside(this.modelsDir, folder);
    if ((await statOrUndefined(dest)) && !options.overwrite) {
      throw new LocalFocusError('bad-input', `A model folder named ${folder} is already in the models folder; remove it first or import with overwrite.`);
    }
    const files: CatalogFile[] = [];
    const sha256: Record<string, string> = {};
    for (const name of names) {
      const sha = await copyHashed(path.join(source, name), resolveInside(dest, name), options.signal);
      sha256[name] = sha;
      files.push({ name, url: pathToFileURL(path.join(source, name)).toString(), size: (await fsp.stat(path.join(source, name))).size, sha256: sha });
    }
    const replaced = (await this.imported()).find((e) => e.folder === folder);
    const entry: CatalogEntry = {
      id: replaced?.id ?? (await this.uniqueId(`imported-${folder}`)),
      name: options.name?.trim() || path.basename(source),
      roles: [options.role],
      publisher: 'Imported folder',
      trust: 'community',
      files,
      quantization: onnx.some((n) => /quantized|int8|uint8|q8/i.test(n)) ? 'q8' : 'unknown',
      parameters: 'unknown',
      contextLength: 512,
      license: 'unknown (imported folder)',
      format: 'onnx',
      verified: false,
      folder,
    };
    for (const file of files) await this.recordVerified(entry, file, sha256[file.name]);
    await this.updateRegistry((r) => {
      r.imported = [...r.imported.filter((e) => e.id !== entry.id && e.folder !== folder), entry];
    });
    return { entry, matchedCatalog: false, sha256 };
  }

  private async uniqueId(base: string): Promise<string> {
    const taken = new Set((await this.imported()).map((e) => e.id));
    if (!taken.has(base)) return base;
    for (let i = 2; ; i++) if (!taken.has(`${base}-${i}`)) return `${base}-${i}`;
  }
}

function isSafeImportedEntry(entry: CatalogEntry): boolean {
  if (!entry || typeof entry.folder !== 'string' || !Array.isArray(entry.files) || entry.files.length === 0) return false;
  if (entry.folder !== '' && unsafeRelativePathReason(entry.folder)) return false;
  return entry.files.every((f) => f && typeof f.name === 'string' && !unsafeRelativePathReason(f.name));
}

function summarize(id: string, files: ModelFileStatus[]): ModelStatus {
  const states = new Set(files.map((f) => f.state));
  let state: ModelState;
  if (states.has('corrupt')) state = 'corrupt';
  else if (files.every((f) => f.state === 'ready')) state = 'ready';
  else if (files.every((f) => f.state === 'missing')) state = 'not-downloaded';
  else if (states.has('partial') || states.has('missing')) state = 'partial';
  else state = 'unverified';
  return { id, state, files, bytesOnDisk: files.reduce((s, f) => s + f.bytes, 0) };
}
