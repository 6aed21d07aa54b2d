// Why a download failed: a reason precise enough for tests and logs, the LocalFocusError code the
// user is shown, and whether another attempt may succeed.
import { ErrorCode, LocalFocusError } from '../../core/errors';

type DownloadFailure =
  | 'insecure-url'
  | 'unsafe-path'
  | 'not-found'
  | 'http-status'
  | 'redirect-loop'
  | 'too-many-redirects'
  | 'disk-full'
  | 'stalled'
  | 'network'
  | 'incomplete'
  | 'size-mismatch'
  | 'hash-mismatch'
  | 'proxy'
  | 'cancelled';

const FAILURE_CODES: Record<DownloadFailure, ErrorCode> = {
  'insecure-url': 'bad-input',
  'unsafe-path': 'bad-input',
  'not-found': 'not-found',
  'http-status': 'bad-input',
  'redirect-loop': 'bad-input',
  'too-many-redirects': 'bad-input',
  'disk-full': 'disk-full',
  stalled: 'timeout',
  network: 'offline',
  incomplete: 'offline',
  'size-mismatch': 'model-corrupt',
  'hash-mismatch': 'model-corrupt',
  proxy: 'offline',
  cancelled: 'cancelled',
};

export class DownloadError extends LocalFocusError {
  readonly reason: DownloadFailure;
  /** Whether another attempt may succeed (network trouble) or not (404, bad hash, loop). */
  readonly retryable: boolean;
  readonly status?: number;
  constructor(reason: DownloadFailure, message: string, options: { retryable?: boolean; status?: number } = {}) {
    super(FAILURE_CODES[reason], message, { reason, ...(options.status ? { status: options.status } : {}) });
    this.name = 'DownloadError';
    this.reason = reason;
    this.retryable = options.retryable ?? false;
    if (options.status !== undefined) this.status = options.status;
  }
}

/** A DownloadError for anything a request, a response or the disk threw: a full disk, else the network. */
export function classifyNetworkError(err: unknown): DownloadError {
  if (err instanceof DownloadError) return err;
  const e = err as NodeJS.ErrnoException;
  const message = e?.message ?? String(err);
  if (e?.code === 'ENOSPC') return new DownloadError('disk-full', `The disk filled up while downloading: ${message}`);
  return new DownloadError('network', `The connection failed: ${message}`, { retryable: true });
}
