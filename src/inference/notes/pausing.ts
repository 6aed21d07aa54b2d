// How long work on a notes index gives way and stops early: it yields to the event loop between
// steps so that other requests get in, and a pause (or a cancelled search) is a LocalFocusError
// 'cancelled'; the embedder's or Vectra's own abort errors count as one too.

import { LocalFocusError } from '../../core/errors';

export function cancelled(message: string, data?: Record<string, unknown>): LocalFocusError {
  return new LocalFocusError('cancelled', message, data);
}

export function isAbortError(err: unknown): boolean {
  return !!err && typeof err === 'object' && ((err as { name?: string }).name === 'AbortError' || (err as { code?: string }).code === 'cancelled');
}

export const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
