// Resumable, verified model downloads over node:http/https, and nothing else: no download library
// to trust, and every rule below is ours to test.
//
// - Bytes go to `<file>.partial`; `<file>.partial.json` records url, size, hash and ETag so a
//   download resumes (HTTP Range + If-Range) after a dropped connection or an editor restart.
// - SHA-256 is computed while the bytes stream in (on resume the existing part is hashed first),
//   checked at the end, and only then is the file renamed into place: a file that fails its hash
//   is deleted and is never "ready".
// - Failed attempts are retried with exponential backoff; an attempt that receives no byte for
//   `stallTimeoutMs` (default 30 s) is abandoned and retried.
// - pause() keeps the partial file, cancel() deletes it; one download runs at a time by default.
// - https is required except to this machine (loopback), on every redirect hop too; at most 5
//   redirects, and a loop is reported as one.
// - Proxy: pass `httpsAgent` (e.g. an agent built from VS Code's http.proxy settings), or `proxy`
//   ("http://user:pass@host:port", like HTTPS_PROXY) to tunnel https through the proxy with
//   CONNECT; loopback and `noProxy` hosts go direct. proxyFromEnv() reads HTTPS_PROXY/NO_PROXY.
//
// One idea per file: errors (reasons and codes), options (defaults), proxy, transport (requests,
// redirects, free space), stallWatch, sidecar and partialFile (the resume state on disk), progress,
// attempt (one HTTP exchange), job (states, retries, verification), downloader (the queue) and
// leadingBytes (a file's first bytes).
export { Downloader } from './downloader';
export { DownloadError } from './errors';
export { DownloadJob } from './job';
export { fetchLeadingBytes } from './leadingBytes';
export type { DownloaderOptions } from './options';
export { proxyFromEnv } from './proxy';
export type { DownloadProgress, DownloadRequest, DownloadResult } from './request';
