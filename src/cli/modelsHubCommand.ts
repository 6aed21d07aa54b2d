// `local-focus models search "<query>"` and `models add-hub <repo> <file>`: the Hub's GGUF (or, for
// notes search, ONNX) repositories with each model's size and memory verdict, and one of them added
// to the user catalog pinned to its published sha256. The Hub is the public one unless --hub or
// LOCAL_FOCUS_HUB_URL names a mirror; HF_TOKEN serves gated repositories. Everything the Hub says
// is shown through printable(): a repository or file name cannot drive the terminal.
import type { ModelRole } from '../core/models/catalogTypes';
import { formatBytes } from '../core/models/formatBytes';
import type { HubFileView, HubRepoView, HubSearchResult } from '../core/modelsHubProtocol';
import { UsageError } from './args';
import type { CliContext } from './command';
import { printable } from './terminalText';

const TRUST_BADGES = { official: 'Official', verified: 'Verified quantiser', community: 'Community' } as const;
const VERDICTS = { fits: 'fits', tight: 'tight', 'too-big': 'too big' } as const;

function pad(text: string, width: number): string {
  return text.length >= width ? text + ' ' : text.padEnd(width);
}

function fileLine(f: HubFileView): string {
  const mark = f.isDefault ? '*' : ' ';
  const size = `${formatBytes(f.sizeBytes)}${f.parts > 1 ? ` in ${f.parts} parts` : ''}`;
  const verdict = f.refused ? 'refused' : `${VERDICTS[f.memory.verdict]} (${formatBytes(f.memory.totalBytes)})`;
  const line = `  ${mark} ${pad(printable(f.quantization), 9)}${pad(size, 20)}${pad(verdict, 20)}${printable(f.name)}`;
  if (f.refused) return `${line}\n      refused: ${printable(f.refused)}`;
  return f.verified ? line : `${line}\n      unverified: no published SHA-256 for ${printable(f.unhashed.join(', '))}`;
}

function repoBlock(r: HubRepoView): string[] {
  const updated = r.lastModified ? `updated ${r.lastModified.slice(0, 10)}` : 'update time unknown';
  const gated = r.gated ? ' · gated: needs HF_TOKEN with access' : '';
  const lines = [
    `${printable(r.repo)}  [${TRUST_BADGES[r.trust]}] by ${printable(r.author)} · ${r.downloads.toLocaleString('en-US')} downloads · ${r.likes.toLocaleString('en-US')} likes · ${printable(r.license)} · ${updated}${gated}`,
  ];
  if (r.error) lines.push(`    files not listed: ${printable(r.error)}`);
  else if (r.files.length === 0) lines.push('    no usable model file');
  for (const f of r.files) lines.push(fileLine(f));
  for (const n of r.notes) lines.push(`    note: ${printable(n)}`);
  return lines;
}

export function formatHubSearch(result: HubSearchResult): string {
  const lines = [`${printable(result.hubUrl)}: "${printable(result.query)}" for ${result.role}, ${result.repos.length} repositor${result.repos.length === 1 ? 'y' : 'ies'}, fetched ${result.fetchedAt}`];
  if (result.stale) lines.push(`STALE: ${printable(result.staleReason ?? 'kept from an earlier search')}`);
  lines.push('');
  for (const r of result.repos) lines.push(...repoBlock(r), '');
  if (result.repos.length === 0) lines.push('No repository matches; try fewer or other words.', '');
  for (const n of result.notes) lines.push(`note: ${printable(n)}`);
  if (result.repos.some((r) => r.files.some((f) => !f.refused))) {
    lines.push(`* marks the default pick. Add one: local-focus models add-hub <repo> <file> --role ${result.role}`);
  }
  return lines.join('\n') + '\n';
}

export async function searchHub(ctx: CliContext, role: ModelRole): Promise<number> {
  const words = ctx.args.slice(1);
  if (words.length === 0) throw new UsageError(`'models search' needs what to search for, e.g. models search "qwen2.5 1.5b instruct"`);
  const limit = typeof ctx.options.limit === 'string' ? Number(ctx.options.limit) : undefined;
  if (limit !== undefined && !Number.isSafeInteger(limit)) throw new UsageError('--limit must be a whole number');
  const result = await ctx.service.call('models/hubSearch', { query: words.join(' '), role, ...(limit !== undefined ? { limit } : {}) }, ctx.signal);
  ctx.io.out(ctx.json ? JSON.stringify(result, null, 2) + '\n' : formatHubSearch(result));
  return 0;
}

export async function addFromHub(ctx: CliContext, role: ModelRole): Promise<number> {
  if (ctx.args.length !== 3) throw new UsageError(`'models add-hub' takes a repository and a file, e.g. models add-hub bartowski/Llama-3.2-1B-Instruct-GGUF Llama-3.2-1B-Instruct-Q4_K_M.gguf`);
  const [, repo, file] = ctx.args as [string, string, string];
  const { model } = await ctx.service.call('models/hubAdd', { repo, file, role, ...(ctx.options.unverified ? { unverified: true } : {}) }, ctx.signal);
  if (ctx.json) ctx.io.out(JSON.stringify({ model }, null, 2) + '\n');
  else {
    ctx.io.out(`Added ${printable(model.name)} as "${model.id}" from ${printable(repo)} (${model.verified ? 'pinned to its published SHA-256' : 'unverified'}).\n`);
    ctx.io.out(`${model.memory.sentence}\nDownload it with: local-focus models download ${model.id}\n`);
  }
  return 0;
}
