// `local-focus models …`: the model manager from a terminal: list the catalog with each model's
// state and memory verdict, download with a progress bar (plain lines when not on a terminal),
// add a model by URL, import a file, verify and remove files, the models found in Ollama's and
// LM Studio's folders (modelsOnDiskCommand), search the Hub and add a result (modelsHubCommand), and
// compare models' speed (modelsBenchCommand).
import { LocalFocusError } from '../core/errors';
import { MODEL_ROLES, ModelRole } from '../core/models/catalogTypes';
import { formatBytes, formatDuration } from '../core/models/formatBytes';
import type { DeviceInfo, ModelDownloadProgress, ModelListResult, ModelView } from '../core/modelsProtocol';
import { modelManagerOf } from '../inference/features/models';
import { UsageError } from './args';
import type { CliCommand, CliContext } from './command';
import { bench } from './modelsBenchCommand';
import { addFromHub, searchHub } from './modelsHubCommand';
import { formatModelsOnDisk, onDisk, useInPlace } from './modelsOnDiskCommand';

const TRUST_LABELS = { official: 'Official', verified: 'Verified', community: 'Community' } as const;
const VERDICT_LABELS = { fits: 'fits', tight: 'tight', 'too-big': 'too big' } as const;

const ROLE_ALIASES: Record<string, ModelRole> = {
  'task-parsing': 'task-parsing',
  taskparsing: 'task-parsing',
  tasks: 'task-parsing',
  review: 'review',
  'code-review': 'review',
  codereview: 'review',
  embeddings: 'embeddings',
  notes: 'embeddings',
  'notes-search': 'embeddings',
};

export function parseRole(text: string | boolean | undefined, fallback: ModelRole): ModelRole {
  if (text === undefined) return fallback;
  const role = typeof text === 'string' ? ROLE_ALIASES[text.trim().toLowerCase()] : undefined;
  if (!role) throw new UsageError(`--role must be one of ${MODEL_ROLES.join(', ')}`);
  return role;
}

export function stateText(m: Pick<ModelView, 'state' | 'bytes' | 'sizeBytes' | 'reason'>): string {
  switch (m.state) {
    case 'downloading':
    case 'paused':
      return m.sizeBytes > 0 ? `${m.state} ${Math.floor((m.bytes / m.sizeBytes) * 100)}%` : `${m.state} ${formatBytes(m.bytes)}`;
    case 'failed':
      return `failed: ${m.reason ?? 'unknown reason'}`;
    default:
      return m.state.replace('-', ' ');
  }
}

function pad(text: string, width: number): string {
  return text.length >= width ? text + ' ' : text.padEnd(width);
}

function deviceLine(d: DeviceInfo): string {
  const gpu = d.gpu ? `; GPU ${d.gpu.backend === 'none' ? 'none (CPU)' : `${d.gpu.backend} ${d.gpu.devices.join(', ')}`}` : '';
  return (
    `RAM ${formatBytes(d.totalRamBytes)} total, ${formatBytes(d.freeRamBytes)} free; budget ${d.budgetPercent}% = ${formatBytes(d.budgetBytes)}` +
    `${d.loadedBytes > 0 ? `, ${formatBytes(d.loadedBytes)} in use by loaded models` : ''}; ${d.cores} cores (${d.cpuModel})${gpu}`
  );
}

export function formatModelList(list: ModelListResult): string {
  const lines: string[] = [deviceLine(list.device), `models: ${list.modelsDir}`, ''];
  lines.push(pad('ID', 32) + pad('ROLES', 26) + pad('SIZE', 10) + pad('TRUST', 22) + pad('MEMORY', 20) + 'STATE');
  for (const m of list.models) {
    const trust = TRUST_LABELS[m.trust] + (m.verified ? '' : ' (no hash)');
    const size = m.sizeBytes > 0 ? `${m.sizeExact ? '' : '~'}${formatBytes(m.sizeBytes)}` : 'unknown';
    const memory = `${VERDICT_LABELS[m.memory.verdict]} (${formatBytes(m.memory.totalBytes)})`;
    const used = m.usedFor.length ? ` [used for ${m.usedFor.join(', ')}]` : '';
    lines.push(pad(m.id, 32) + pad(m.roles.join(','), 26) + pad(size, 10) + pad(trust, 22) + pad(memory, 20) + stateText(m) + used);
  }
  lines.push('');
  for (const r of list.roles) lines.push(`${r.label}: ${r.modelId ?? r.path}${r.present ? '' : ' (missing)'}${r.configured ? '' : ' (default)'}`);
  for (const w of list.warnings) lines.push(`warning: ${w}`);
  return lines.join('\n') + '\n';
}

/** A one-line bar for a terminal: `[#####---------------]  25%  1.20 MB/s  3 s left`. */
export function progressBar(p: Pick<ModelDownloadProgress, 'bytes' | 'totalBytes' | 'speed' | 'etaSeconds' | 'state'>, width = 24): string {
  const fraction = p.totalBytes ? Math.min(1, p.bytes / p.totalBytes) : 0;
  const filled = Math.round(fraction * width);
  const bar = `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}]`;
  const pct = p.totalBytes ? `${String(Math.floor(fraction * 100)).padStart(3)}%` : formatBytes(p.bytes);
  const tail = p.state === 'downloading' ? `${p.speed > 0 ? `  ${formatBytes(p.speed)}/s` : ''}${p.etaSeconds !== null ? `  ${formatDuration(p.etaSeconds)} left` : ''}` : `  ${p.state}`;
  return `${bar} ${pct}${tail}`;
}

function one(args: string[], what: string): string {
  if (args.length !== 1) throw new UsageError(`'models ${what}' takes exactly one argument`);
  return args[0]!;
}

async function list(ctx: CliContext): Promise<number> {
  if (ctx.args.length > 1) throw new UsageError(`'models list' takes no arguments`);
  const result = await ctx.service.call('models/list', {});
  // Reading Ollama's and LM Studio's folders walks other programs' files: only when asked.
  const found = ctx.options['on-disk'] ? await ctx.service.call('models/onDisk', {}, ctx.signal) : undefined;
  if (ctx.json) ctx.io.out(JSON.stringify(found ? { ...result, onDisk: found } : result, null, 2) + '\n');
  else ctx.io.out(formatModelList(result) + (found ? '\n' + formatModelsOnDisk(found) : ''));
  return 0;
}

async function download(ctx: CliContext): Promise<number> {
  const id = one(ctx.args.slice(1), 'download <id>');
  const manager = modelManagerOf(ctx.service);
  const tty = Boolean(ctx.io.isTTY) && !ctx.json;
  let lastLineAt = -1;
  let lastState = '';
  let drew = false;
  const onProgress = (p: ModelDownloadProgress) => {
    if (p.modelId !== id) return;
    if (ctx.json) return;
    if (tty) {
      ctx.io.out(`\r${progressBar(p)}\x1b[K`);
      drew = true;
      return;
    }
    // Plain lines for logs and pipes: each change of state, and every 10%.
    const step = p.totalBytes ? Math.floor((p.bytes / p.totalBytes) * 10) : -1;
    if (p.state !== lastState || (p.state === 'downloading' && step > lastLineAt)) {
      ctx.io.out(`${p.message ?? p.state}\n`);
      lastState = p.state;
      lastLineAt = step;
    }
  };
  manager.on('progress', onProgress);
  try {
    const before = (await ctx.service.call('models/list', {})).models.find((m) => m.id === id);
    if (before && !ctx.json) {
      ctx.io.out(`${before.name}: ${before.memory.sentence}\n`);
      if (before.memory.verdict === 'too-big') ctx.io.err(`warning: ${before.name} will not fit the memory budget; loading it will need an override.\n`);
    }
    const { model } = await ctx.service.call('models/download', { id, wait: true }, ctx.signal);
    if (drew) ctx.io.out('\n');
    if (ctx.json) ctx.io.out(JSON.stringify({ model }, null, 2) + '\n');
    else ctx.io.out(`${model.name} is ${stateText(model)}: ${model.path}\n`);
    return model.state === 'ready' || model.state === 'loaded' ? 0 : 1;
  } catch (err) {
    if (drew) ctx.io.out('\n');
    throw err;
  } finally {
    manager.off('progress', onProgress);
  }
}

async function addUrl(ctx: CliContext): Promise<number> {
  const url = one(ctx.args.slice(1), 'add-url <url>');
  const sha256 = typeof ctx.options.sha256 === 'string' ? ctx.options.sha256 : undefined;
  if (!sha256 && !ctx.options.unverified) {
    throw new UsageError(`'models add-url' needs --sha256 <hex> (the SHA256 on the model page), or --unverified to add it without one`);
  }
  const result = await ctx.service.call(
    'models/addUrl',
    { url, role: parseRole(ctx.options.role, 'task-parsing'), ...(sha256 ? { sha256 } : {}), ...(typeof ctx.options.name === 'string' ? { name: ctx.options.name } : {}) },
    ctx.signal,
  );
  if (ctx.json) ctx.io.out(JSON.stringify(result, null, 2) + '\n');
  else {
    const m = result.model;
    ctx.io.out(`Added ${m.name} as "${m.id}" (${m.verified ? 'SHA-256 given' : 'unverified: no SHA-256'}${result.headerRead ? '' : '; its header could not be read, so the memory estimate is rough'}).\n`);
    ctx.io.out(`${m.memory.sentence}\nDownload it with: local-focus models download ${m.id}\n`);
  }
  return 0;
}

async function importModel(ctx: CliContext): Promise<number> {
  const source = one(ctx.args.slice(1), 'import <path>');
  const fallback: ModelRole = /\.gguf$/i.test(source) ? 'task-parsing' : 'embeddings';
  const result = await ctx.service.call(
    'models/import',
    {
      path: source,
      role: parseRole(ctx.options.role, fallback),
      ...(typeof ctx.options.name === 'string' ? { name: ctx.options.name } : {}),
      ...(ctx.options.overwrite ? { overwrite: true } : {}),
    },
    ctx.signal,
  );
  if (ctx.json) ctx.io.out(JSON.stringify(result, null, 2) + '\n');
  else {
    const m = result.model;
    ctx.io.out(`Imported ${m.name} as "${m.id}" into ${m.path}${result.matchedCatalog ? ' (it matches the published SHA-256)' : ''}.\n`);
    for (const [name, hash] of Object.entries(result.sha256)) ctx.io.out(`  ${name}  sha256 ${hash}\n`);
    ctx.io.out(`${m.memory.sentence}\n`);
  }
  return 0;
}

async function verify(ctx: CliContext): Promise<number> {
  const rest = ctx.args.slice(1);
  if (rest.length > 1) throw new UsageError(`'models verify' takes at most one model id`);
  const { reports } = await ctx.service.call('models/verify', rest[0] ? { id: rest[0] } : {}, ctx.signal);
  if (ctx.json) ctx.io.out(JSON.stringify({ reports }, null, 2) + '\n');
  else if (reports.length === 0) ctx.io.out('No model files to verify.\n');
  else for (const r of reports) ctx.io.out(`${r.id}: ${r.state}${r.problems.length ? ` (${r.problems.join('; ')})` : ''}\n`);
  return reports.some((r) => r.state === 'failed') ? 1 : 0;
}

async function remove(ctx: CliContext): Promise<number> {
  const id = one(ctx.args.slice(1), 'remove <id>');
  const { removed, kept } = await ctx.service.call('models/remove', { id });
  if (ctx.json) ctx.io.out(JSON.stringify({ id, removed, ...(kept ? { kept } : {}) }, null, 2) + '\n');
  else if (kept) ctx.io.out(`Forgot ${id}; its file stays where Ollama or LM Studio keeps it: ${kept.join(', ')}\n`);
  else ctx.io.out(removed.length ? `Removed ${id}: ${removed.join(', ')}\n` : `${id} had no files on disk.\n`);
  return 0;
}

const SUBCOMMANDS: Record<string, (ctx: CliContext) => Promise<number>> = {
  list,
  download,
  'add-url': addUrl,
  import: importModel,
  verify,
  remove,
  'on-disk': onDisk,
  'use-in-place': (ctx) => useInPlace(ctx, parseRole(ctx.options.role, 'task-parsing')),
  search: (ctx) => searchHub(ctx, parseRole(ctx.options.role, 'task-parsing')),
  'add-hub': (ctx) => addFromHub(ctx, parseRole(ctx.options.role, 'task-parsing')),
  bench: (ctx) => bench(ctx, parseRole(ctx.options.role, 'task-parsing')),
};

export const modelsCommand: CliCommand = {
  synopsis:
    'models list [--on-disk]|download <id>|add-url <url> --sha256 <hex> [--role r]|import <path> [--role r]|verify [id]|remove <id>\n' +
    '       |on-disk|use-in-place <path> [--role r]|search "<query>" [--role r] [--limit n]|add-hub <repo> <file> [--role r]\n' +
    '       |bench <id…> [--role r]\n' +
    '                                   the model catalog, downloads (resumable, verified), import, verify, remove;\n' +
    "                                   the GGUF models in Ollama's and LM Studio's folders, used where they lie;\n" +
    '                                   the Hub searched (--hub, HF_TOKEN) and a result added pinned to its sha256;\n' +
    '                                   models compared: load, first token, tokens/s, peak memory (server:<model> too)',
  options: {
    sha256: { value: true },
    role: { value: true },
    name: { value: true },
    unverified: { value: false },
    overwrite: { value: false },
    'on-disk': { value: false },
    limit: { value: true },
  },
  async run(ctx) {
    const sub = ctx.args[0];
    if (!sub) throw new UsageError(`'models' needs a subcommand: ${Object.keys(SUBCOMMANDS).join(', ')}`);
    const run = SUBCOMMANDS[sub];
    if (!run) throw new UsageError(`unknown 'models' subcommand '${sub}'; use one of ${Object.keys(SUBCOMMANDS).join(', ')}`);
    try {
      return await run(ctx);
    } catch (err) {
      if (err instanceof LocalFocusError && err.code === 'cancelled' && sub === 'download') {
        ctx.io.err(`${err.message}\n`);
        return 1;
      }
      throw err;
    }
  },
};
