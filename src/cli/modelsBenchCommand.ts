// `local-focus models bench <id…> [--role r] [--json]`: the same short prompt on each model, one
// after another (each unloaded before the next loads), with load time, time to first token, prompt
// and generation speed, peak memory, GPU layers and the answer's first line side by side. Ids are
// catalog ids (`models list`) or a server's chat model as `server:<model>` or `<url>#<model>`.
// Exit 1 when a model's run failed, so a script sees it; the others' figures are still printed.
import type { ModelRole } from '../core/models/catalogTypes';
import { gridAsText, speedGrid } from '../core/models/speedFigures';
import { UsageError } from './args';
import type { CliContext } from './command';
import { printable } from './terminalText';

export async function bench(ctx: CliContext, role: ModelRole): Promise<number> {
  const ids = ctx.args.slice(1);
  if (ids.length === 0) throw new UsageError(`'models bench' needs one or more model ids (see 'local-focus models list'), or server:<model> for a server's model`);
  if (!ctx.json) ctx.io.err(`Running the ${role} bench prompt on ${ids.length} model${ids.length === 1 ? '' : 's'}, one at a time…\n`);
  const result = await ctx.service.call('models/bench', { ids, role }, ctx.signal);
  if (ctx.json) ctx.io.out(JSON.stringify(result, null, 2) + '\n');
  else {
    // The models' answers are text from a model: shown through printable(), they cannot drive the terminal.
    const grid = speedGrid(result.runs).map((row) => row.map(printable));
    ctx.io.out(gridAsText(grid));
  }
  return result.runs.some((r) => r.error) ? 1 : 0;
}
