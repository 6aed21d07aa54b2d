// How fast a server model answered, for the speed records: the server's own timings where it
// reports them (Ollama's load, prompt and eval durations), else what this process saw of the
// stream. Time to first token is always ours: it is what the user waits, network included.
import type { SpeedFigures } from '../../core/models/modelSpeed';
import type { LocalChatJsonAnswer, LocalChatJsonRequest, LocalServerClient, ServerTimings } from './localServerClient';

export interface MeasuredAnswer {
  answer: LocalChatJsonAnswer;
  figures: SpeedFigures;
}

/** chatJson, timed: the first streamed piece marks the first token. */
export async function measuredChatJson(client: LocalServerClient, request: LocalChatJsonRequest): Promise<MeasuredAnswer> {
  const started = performance.now();
  let firstTokenAt: number | undefined;
  const answer = await client.chatJson({
    ...request,
    onToken: (text) => {
      firstTokenAt ??= performance.now();
      request.onToken?.(text);
    },
  });
  const seen = { started, firstTokenAt, ended: performance.now(), tokens: answer.tokens };
  return { answer, figures: serverFigures(answer.timings, seen) };
}

export function serverFigures(timings: ServerTimings | undefined, seen: { started: number; firstTokenAt: number | undefined; ended: number; tokens: number }): SpeedFigures {
  const figures: SpeedFigures = {};
  if (seen.firstTokenAt !== undefined) figures.ttftMs = seen.firstTokenAt - seen.started;
  if (timings?.loadMs !== undefined) figures.loadMs = timings.loadMs;
  const promptRate = perSecond(timings?.promptTokens, timings?.promptMs);
  if (promptRate !== undefined) figures.promptTokensPerSecond = promptRate;
  const streamed = seen.firstTokenAt === undefined ? undefined : perSecond(seen.tokens - 1, seen.ended - seen.firstTokenAt);
  const genRate = perSecond(timings?.evalTokens, timings?.evalMs) ?? streamed;
  if (genRate !== undefined) figures.genTokensPerSecond = genRate;
  return figures;
}

function perSecond(tokens: number | undefined, ms: number | undefined): number | undefined {
  return tokens !== undefined && ms !== undefined && tokens > 0 && ms > 0 ? (tokens * 1000) / ms : undefined;
}

/** What ran it, for the records: the server's kind. */
export function serverBackend(client: LocalServerClient): string {
  return client.kind === 'ollama' ? 'Ollama' : 'OpenAI-compatible server';
}
