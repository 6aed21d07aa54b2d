// Errors cross the process boundary as {code, message, data}. Each code has one sentence a user
// can act on and, where there is one, an action the UI offers.

export type ErrorCode =
  | 'cancelled'
  | 'model-missing'
  | 'model-corrupt'
  | 'out-of-memory'
  | 'timeout'
  | 'offline'
  | 'worker-exited'
  | 'bad-input'
  | 'internal'
  | 'disk-full'
  | 'not-found'
  | 'local-server'
  | 'hub';

// The JSON-RPC error number is RPC_ERROR_BASE minus the index here: a new code goes at the end, so
// the numbers of the others stay what they were.
export const ERROR_CODES: readonly ErrorCode[] = [
  'cancelled',
  'model-missing',
  'model-corrupt',
  'out-of-memory',
  'timeout',
  'offline',
  'worker-exited',
  'bad-input',
  'internal',
  // Appended, not inserted: a code's position is its JSON-RPC number (RPC_ERROR_BASE - index).
  'disk-full',
  'not-found',
  'local-server',
  'hub',
];

export type ErrorAction = 'openModelManager' | 'showLog' | 'retry' | 'setApiKey';

export const ERROR_INFO: Record<ErrorCode, { sentence: string; action?: ErrorAction; actionLabel?: string }> = {
  cancelled: { sentence: 'The request was cancelled.' },
  'model-missing': {
    sentence: 'The model for this feature is not downloaded yet. Open the Model Manager to download or import it.',
    action: 'openModelManager',
    actionLabel: 'Open Model Manager',
  },
  'model-corrupt': {
    sentence: 'The model file is damaged or not a model. Delete it and download it again from the Model Manager.',
    action: 'openModelManager',
    actionLabel: 'Open Model Manager',
  },
  'out-of-memory': {
    sentence: 'There is not enough memory for this model. Unload other models or pick a smaller one in the Model Manager.',
    action: 'openModelManager',
    actionLabel: 'Open Model Manager',
  },
  timeout: { sentence: 'The request took too long and was stopped. Try again with a smaller input.', action: 'retry', actionLabel: 'Retry' },
  offline: {
    sentence: 'The cloud API cannot be reached; Local Focus uses local models until it can.',
  },
  'worker-exited': {
    sentence: 'The Local Focus inference process stopped; it is being restarted. Try again in a moment.',
    action: 'showLog',
    actionLabel: 'Open Log',
  },
  'bad-input': { sentence: 'The input was not valid.' },
  internal: { sentence: 'Something went wrong inside Local Focus. The log has the details.', action: 'showLog', actionLabel: 'Open Log' },
  'disk-full': { sentence: 'Free some space or choose another models folder.' },
  'not-found': {
    sentence: 'Check the model URL, or choose another model in the Model Manager.',
    action: 'openModelManager',
    actionLabel: 'Open Model Manager',
  },
  // The reason (data.reason, a LocalServerFailureReason) tells the tier logic what to do next.
  'local-server': {
    sentence: 'The local model server (Ollama, LM Studio or llama-server) could not answer; Local Focus uses its own models meanwhile.',
    action: 'showLog',
    actionLabel: 'Open Log',
  },
  // The reason (data.reason: unreachable, timeout, rate-limited, unauthorized, http-status, malformed,
  // too-large, local-only) says what failed; the last search stays browsable offline.
  hub: { sentence: 'The model hub could not be used; the last search results can still be browsed offline.' },
};

/** JSON-RPC error codes we use on the wire; the string code travels in data.code. */
export const RPC_ERROR_BASE = -32050;

export class LocalFocusError extends Error {
  readonly code: ErrorCode;
  readonly data?: Record<string, unknown>;
  constructor(code: ErrorCode, message?: string, data?: Record<string, unknown>) {
    super(message ?? ERROR_INFO[code].sentence);
    this.name = 'LocalFocusError';
    this.code = code;
    if (data !== undefined) this.data = data;
  }

  /** The sentence for a person: the specific message, then what to do when the message lacks it. */
  get userMessage(): string {
    const sentence = ERROR_INFO[this.code].sentence;
    return this.message.includes(sentence) ? this.message : `${this.message} ${this.code === 'bad-input' ? '' : sentence}`.trim();
  }

  toWire(): { code: ErrorCode; message: string; data?: Record<string, unknown> } {
    return { code: this.code, message: this.message, ...(this.data ? { data: this.data } : {}) };
  }
}

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (ERROR_CODES as readonly string[]).includes(value);
}

/** Turns anything thrown into a LocalFocusError, keeping a known code. */
export function toLocalFocusError(err: unknown): LocalFocusError {
  if (err instanceof LocalFocusError) return err;
  if (err && typeof err === 'object') {
    const e = err as { name?: string; code?: unknown; message?: unknown; data?: { code?: unknown } };
    if (e.name === 'AbortError') return new LocalFocusError('cancelled');
    const code = isErrorCode(e.data?.code) ? e.data.code : isErrorCode(e.code) ? e.code : undefined;
    const message = typeof e.message === 'string' ? e.message : String(err);
    if (code) return new LocalFocusError(code, message);
    if (/out of memory|InsufficientMemory|failed to allocate/i.test(message)) return new LocalFocusError('out-of-memory', message);
    return new LocalFocusError('internal', message);
  }
  return new LocalFocusError('internal', String(err));
}
