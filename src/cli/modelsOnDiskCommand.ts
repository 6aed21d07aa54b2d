// `local-focus models on-disk` and `models use-in-place <path>`: the GGUF models found in Ollama's
// store and LM Studio's models folders, and using one where it lies after the whole-file GGUF
// check (no copy). `models list --on-disk` prints the same section below the catalog.
import type { ModelRole } from '../core/models/catalogTypes';
import { formatBytes } from '../core/models/formatBytes';
import type { ModelOnDiskView, ModelsOnDiskResult } from '../core/modelsProtocol';
import { UsageError } from './args';
import type { CliContext } from './command';

const SOURCE_LABELS = { ollama: 'Ollama', 'lm-studio': 'LM Studio' } as const;

function pad(text: string, width: number): string {
  return text.length >= width ? text + ' ' : text.padEnd(width);
}

function checkText(m: ModelOnDiskView): string {
  if (m.check === 'verified') return `in use as ${m.modelId ?? '?'}`;
  if (m.check === 'failed') return 'refused';
  return 'not checked';
}

export function formatModelsOnDisk(found: ModelsOnDiskResult): string {
  const lines: string[] = [`Found on this machine (searched ${found.folders.join(', ')}):`];
  if (found.models.length === 0) lines.push('  no GGUF model in Ollama\'s or LM Studio\'s folders');
  else lines.push(pad('SOURCE', 11) + pad('NAME', 40) + pad('SIZE', 10) + pad('CHECK', 30) + 'PATH');
  for (const m of found.models) {
    lines.push(pad(SOURCE_LABELS[m.source], 11) + pad(m.name, 40) + pad(formatBytes(m.sizeBytes), 10) + pad(checkText(m), 30) + m.path);
    if (m.check === 'failed' && m.reason) lines.push(`  refused: ${m.reason}`);
  }
  for (const w of found.warnings) lines.push(`warning: ${w}`);
  for (const n of found.notes) lines.push(`note: ${n}`);
  if (found.models.some((m) => m.check !== 'verified')) lines.push('Use one without copying it: local-focus models use-in-place <path> [--role task-parsing|review]');
  return lines.join('\n') + '\n';
}

export async function onDisk(ctx: CliContext): Promise<number> {
  if (ctx.args.length > 1) throw new UsageError(`'models on-disk' takes no arguments`);
  const found = await ctx.service.call('models/onDisk', {}, ctx.signal);
  ctx.io.out(ctx.json ? JSON.stringify(found, null, 2) + '\n' : formatModelsOnDisk(found));
  return 0;
}

/** What a user does next to use the model for its role: the editor's setting, or the CLI's --model. */
const CHOOSE_IT: Record<ModelRole, string> = {
  'task-parsing': 'set localFocus.models.taskParsing to its path, or pass --model <path> to `local-focus tasks parse`',
  review: 'set localFocus.models.codeReview to its path, or pass --model <path> to `local-focus review`',
  embeddings: '',
};

export async function useInPlace(ctx: CliContext, role: ModelRole): Promise<number> {
  if (ctx.args.length !== 2) throw new UsageError(`'models use-in-place' takes exactly one path (see 'local-focus models on-disk')`);
  const name = typeof ctx.options.name === 'string' ? ctx.options.name : undefined;
  const { model } = await ctx.service.call('models/useInPlace', { path: ctx.args[1]!, role, ...(name ? { name } : {}) }, ctx.signal);
  if (ctx.json) ctx.io.out(JSON.stringify({ model }, null, 2) + '\n');
  else {
    ctx.io.out(`Using ${model.name} in place as "${model.id}": ${model.path} passed the whole-file GGUF check and was not copied.\n`);
    ctx.io.out(`${model.memory.sentence}\nTo use it: ${CHOOSE_IT[role]}.\n`);
  }
  return 0;
}
