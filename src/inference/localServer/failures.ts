// How a model server's failures become LocalFocusErrors: code 'local-server', a sentence that says
// what happened and what to do, and data.reason (a LocalServerFailureReason) for the tier logic.
// Server text goes into messages shortened and on one line: it is the server's, not ours.
import { LocalFocusError } from '../../core/errors';
import type { LocalServerFailureReason } from '../../core/localServerProtocol';
import type { StallWatch } from './stallWatch';

const SENTENCES: Record<LocalServerFailureReason, (where: string, detail: string) => string> = {
  'server-down': (where, detail) => `Nothing answers at ${where}${detail ? ` (${detail})` : ''}; start the server or check localFocus.localServer.url.`,
  'model-not-found': (where, detail) => `${where} does not have the model${detail ? `: ${detail}` : ''}. Pull, download or load it in the server, or pick another model.`,
  unsupported: (where, detail) => `${where} cannot do this${detail ? `: ${detail}` : ''}.`,
  timeout: (where, detail) => `${where} stopped sending${detail ? ` (${detail})` : ''}; the request was given up.`,
  'bad-output': (where, detail) => `The model on ${where} answered with text that is not JSON${detail ? ` (${detail})` : ''}.`,
  'schema-mismatch': (where, detail) => `The model on ${where} answered JSON of the wrong shape${detail ? `: ${detail}` : ''}.`,
  'context-too-small': (where, detail) =>
    `The input and answer do not fit the context of the model on ${where}${detail ? ` (${detail})` : ''}; give the model a larger context or the request a smaller input.`,
  'stream-died': (where, detail) => `The connection to ${where} broke before the answer was complete${detail ? ` (${detail})` : ''}.`,
  'server-error': (where, detail) => `${where} refused the request${detail ? `: ${detail}` : ''}.`,
};

export function localServerError(reason: LocalServerFailureReason, where: string, detail?: string): LocalFocusError {
  const clean = (detail ?? '').replace(/\s+/g, ' ').trim().slice(0, 200);
  return new LocalFocusError('local-server', SENTENCES[reason](where, clean), { reason, server: where });
}

/** The reason of a local-server error, or undefined for any other error. */
export function localServerFailureReason(err: unknown): LocalServerFailureReason | undefined {
  if (!(err instanceof LocalFocusError) || err.code !== 'local-server') return undefined;
  return err.data?.reason as LocalServerFailureReason | undefined;
}

/**
 * The message in a server's error body: Ollama writes {"error": "…"}, OpenAI-compatible servers
 * {"error": {"message": "…", "type": "…"}}; anything else is taken as text. llama-server's type
 * (e.g. exceed_context_size_error) is kept beside the message because its wording changes
 * between builds and the type does not.
 */
export function serverErrorText(body: string): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return body;
  }
  const error = (parsed as { error?: unknown } | null)?.error ?? parsed;
  if (typeof error === 'string') return error;
  const { message, type } = (error ?? {}) as { message?: unknown; type?: unknown };
  const text = typeof message === 'string' ? message : body;
  return typeof type === 'string' && !text.includes(type) ? `${text} [${type}]` : text;
}

const CONTEXT_TOO_SMALL = [
  /exceed_context_size_error/i,
  /exceeds? (the )?(available |maximum )?context/i,
  /input length exceeds/i,
  /context (length|size|window) (is )?(exceeded|too small)/i,
  /maximum context length/i,
];
const MODEL_NOT_FOUND = [/model\b.*\bnot found/i, /model\b.*does not exist/i, /model_not_found/i, /try pulling it/i, /model\b.*not loaded|no models? (is )?loaded/i];
const UNSUPPORTED = [/does not support|not supported|unsupported/i];

/** What a server's own error message (and HTTP status, when there is one) means. */
export function reasonForServerMessage(message: string, status?: number): LocalServerFailureReason {
  if (CONTEXT_TOO_SMALL.some((p) => p.test(message))) return 'context-too-small';
  if (MODEL_NOT_FOUND.some((p) => p.test(message))) return 'model-not-found';
  if (status === 404 && /model/i.test(message)) return 'model-not-found';
  if (status === 501 || UNSUPPORTED.some((p) => p.test(message))) return 'unsupported';
  return 'server-error';
}

/** The error for an HTTP answer that is not 2xx, from its status and body. */
export async function httpFailure(res: Response, where: string): Promise<LocalFocusError> {
  const body = await res.text().catch(() => '');
  const message = serverErrorText(body.slice(0, 2000)).trim();
  const reason = reasonForServerMessage(message, res.status);
  return localServerError(reason, where, reason === 'server-error' ? `HTTP ${res.status}${message ? `: ${message}` : ''}` : message);
}

/** Connection errors that mean nothing listens at the address, as opposed to a connection that broke. */
const NOTHING_LISTENS = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', 'EADDRNOTAVAIL']);

/** The system error code under a fetch failure: undici wraps it in `cause`, sometimes in an AggregateError. */
function networkCode(err: unknown): string | undefined {
  const cause = (err as { cause?: { code?: unknown; errors?: { code?: unknown }[] } } | undefined)?.cause;
  const code = cause?.code ?? cause?.errors?.[0]?.code;
  return typeof code === 'string' ? code : undefined;
}

/**
 * What a failed fetch or body read means: the caller's cancel, the watch's stall, nothing
 * listening, or a connection that broke. Errors that are already ours pass through.
 */
export function transportFailure(err: unknown, watch: StallWatch, where: string): LocalFocusError {
  if (err instanceof LocalFocusError) return err;
  if (watch.cancelled) return new LocalFocusError('cancelled');
  if (watch.stalledAfterMs !== undefined) return localServerError('timeout', where, `nothing for ${watch.stalledAfterMs / 1000} s`);
  const code = networkCode(err);
  if (code && NOTHING_LISTENS.has(code)) return localServerError('server-down', where, code);
  return localServerError('stream-died', where, code ?? (err instanceof Error ? err.message : String(err)));
}
