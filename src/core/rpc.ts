// Helpers both ends of the JSON-RPC connection use: errors as {code, message, data} and
// cancellation tokens as AbortSignals. vscode-jsonrpc is plain JavaScript (no vscode, no native code).
import { CancellationToken, CancellationTokenSource, ResponseError } from 'vscode-jsonrpc';
import { ErrorCode, isErrorCode, LocalFocusError, RPC_ERROR_BASE, ERROR_CODES, toLocalFocusError } from './errors';

export function toResponseError(err: unknown): ResponseError<{ code: ErrorCode; data?: Record<string, unknown> }> {
  const e = toLocalFocusError(err);
  return new ResponseError(RPC_ERROR_BASE - ERROR_CODES.indexOf(e.code), e.message, {
    code: e.code,
    ...(e.data ? { data: e.data } : {}),
  });
}

export function fromResponseError(err: unknown): LocalFocusError {
  if (err instanceof ResponseError) {
    const data = err.data as { code?: unknown; data?: Record<string, unknown> } | undefined;
    if (data && isErrorCode(data.code)) return new LocalFocusError(data.code, err.message, data.data);
    // -32800 is JSON-RPC's RequestCancelled.
    if (err.code === -32800) return new LocalFocusError('cancelled');
    return new LocalFocusError('internal', err.message);
  }
  return toLocalFocusError(err);
}

export function tokenToSignal(token: CancellationToken): AbortSignal {
  const controller = new AbortController();
  if (token.isCancellationRequested) controller.abort();
  else token.onCancellationRequested(() => controller.abort());
  return controller.signal;
}

export function signalToToken(signal: AbortSignal | undefined): { token: CancellationToken; dispose(): void } {
  const source = new CancellationTokenSource();
  if (!signal) return { token: source.token, dispose: () => source.dispose() };
  const onAbort = () => source.cancel();
  if (signal.aborted) source.cancel();
  else signal.addEventListener('abort', onAbort, { once: true });
  return {
    token: source.token,
    dispose: () => {
      signal.removeEventListener('abort', onAbort);
      source.dispose();
    },
  };
}
