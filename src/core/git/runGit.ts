// Runs one git command for the features that read a repository (the TODOs' git scopes). git gets
// an argument list, never a shell line, so paths with spaces or quotes arrive as they are; its
// output is collected up to a limit, it can be fed text on stdin (`blame --contents -`), and an
// abort kills it. A failed command keeps git's own message, which callers turn into a sentence
// that says what to do.
import { spawn } from 'node:child_process';
import { LocalFocusError } from '../errors';

/** Larger than any blame or diff of a real working tree; a runaway output stops here. */
export const GIT_MAX_OUTPUT_BYTES = 256 * 1024 * 1024;

export interface GitRunOptions {
  cwd: string;
  /** Written to git's stdin, then closed. */
  input?: string;
  signal?: AbortSignal;
  maxOutputBytes?: number;
}

/** git ran and exited non-zero; `stderr` is git's own explanation. */
export class GitCommandError extends Error {
  constructor(
    readonly args: readonly string[],
    readonly exitCode: number | null,
    readonly stderr: string,
  ) {
    super(`git ${args[0] ?? ''} failed: ${stderr.trim().split('\n')[0] || `exit code ${exitCode}`}`);
  }
}

/** git's stdout as text; GitCommandError when it exits non-zero. */
export function runGit(args: readonly string[], opts: GitRunOptions): Promise<string> {
  const limit = opts.maxOutputBytes ?? GIT_MAX_OUTPUT_BYTES;
  return new Promise((resolve, reject) => {
    if (opts.signal?.aborted) return reject(new LocalFocusError('cancelled', 'The git command was cancelled.'));
    // No pager, no prompt for credentials, and the C locale so messages stay parseable.
    const env = { ...process.env, GIT_PAGER: 'cat', GIT_TERMINAL_PROMPT: '0', LC_ALL: 'C' };
    const child = spawn('git', [...args], { cwd: opts.cwd, env, stdio: ['pipe', 'pipe', 'pipe'], windowsHide: true });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let size = 0;
    let failure: Error | undefined;
    const stop = (e: Error) => {
      failure ??= e;
      child.kill();
    };
    const onAbort = () => stop(new LocalFocusError('cancelled', 'The git command was cancelled.'));
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    child.stdout.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) stop(new LocalFocusError('bad-input', `git ${args[0]} printed more than ${Math.round(limit / 1048576)} MiB; narrow the folder it runs on.`));
      else out.push(chunk);
    });
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    let settled = false;
    const settle = (code: number | null) => {
      if (settled) return;
      settled = true;
      opts.signal?.removeEventListener('abort', onAbort);
      if (failure) reject(failure);
      else if (code !== 0) reject(new GitCommandError(args, code, Buffer.concat(err).toString('utf8')));
      else resolve(Buffer.concat(out).toString('utf8'));
    };
    child.on('error', (e: NodeJS.ErrnoException) => {
      failure ??= e.code === 'ENOENT' ? new LocalFocusError('bad-input', 'git was not found on the PATH; install git to use the git scopes.') : e;
      settle(null);
    });
    child.on('close', settle);
    // git may exit before it reads all of stdin (a bad argument): that is its answer, not ours.
    child.stdin.on('error', () => undefined);
    child.stdin.end(opts.input ?? '');
  });
}
