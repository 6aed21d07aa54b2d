// What a caller of the downloader gives and gets back: the request for one file, the progress a
// job reports while it runs, and the result once the file is in place.

export type DownloadState = 'queued' | 'downloading' | 'paused' | 'verifying' | 'ready' | 'failed' | 'cancelled';

export interface DownloadRequest {
  /** Identifies the job in the queue and in events; default: the destination path. */
  id?: string;
  url: string;
  /** The model's folder; the file may not leave it. */
  destDir: string;
  /** Relative name inside destDir ("onnx/model_quantized.onnx"); ".." and absolute paths are refused. */
  fileName: string;
  /** Exact expected size; null/undefined when unknown. */
  size?: number | null;
  /** Expected lowercase hex SHA-256; null/undefined downloads unverified (the hash is still reported). */
  sha256?: string | null;
  /**
   * Headers that authorise this download (a Hub token for a gated model): sent to the URL's own
   * host only, never to a host it redirects to, and never written to the resume record.
   */
  credentials?: Record<string, string>;
}

export interface DownloadProgress {
  id: string;
  fileName: string;
  state: DownloadState;
  bytes: number;
  total: number | null;
  /** Bytes per second over the last few seconds of this session. */
  speed: number;
  /** Seconds left at the current speed; null when unknown. */
  etaSeconds: number | null;
}

export interface DownloadResult {
  id: string;
  path: string;
  bytes: number;
  sha256: string;
  /** True when an expected hash was given and matched. */
  verified: boolean;
}
