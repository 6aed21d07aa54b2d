// The host's end of the worker: forks it, speaks JSON-RPC over IPC, restarts it with backoff when
// it exits, and fails pending requests with `worker-exited`. It has no vscode dependency so the
// integration tests drive the very same code the extension uses (vscode-eslint's client does this).
import { ChildProcess, fork } from 'node:child_process';
import { createMessageConnection, IPCMessageReader, IPCMessageWriter, MessageConnection } from 'vscode-jsonrpc/node';
import { LocalFocusError } from './errors';
import { fromResponseError, signalToToken } from './rpc';
import { LogLevel, StatusReport, WorkerConfig } from './protocol';
import { ParamsOf, ResultOf, WorkerMethod, WorkerNotifications } from './workerRequests';

export type WorkerState = 'starting' | 'running' | 'restarting' | 'stopped';

export interface WorkerClientOptions {
  workerPath: string;
  /** Sent on every (re)start before any other request. */
  config: () => Promise<WorkerConfig> | WorkerConfig;
  env?: NodeJS.ProcessEnv;
  /** Node binary; defaults to the host's own (the editor's Node inside VS Code). */
  execPath?: string;
  log: (level: LogLevel, message: string) => void;
  onStatus?: (report: StatusReport) => void;
  onProgress?: (p: WorkerNotifications['worker/progress']) => void;
  /** Fires once per outage, with the exit code or signal, not once per failed request. */
  onDown?: (info: { code: number | null; signal: NodeJS.Signals | null; restartInMs: number }) => void;
  onUp?: (info: { pid: number; restarts: number }) => void;
  /** Backoff after a crash: first delay and cap, ms. */
  backoff?: { initialMs: number; maxMs: number };
  /** How long a request waits for a (re)starting worker before failing with worker-exited. */
  readyTimeoutMs?: number;
  /** A worker alive this long resets the backoff (as does one that became ready, see onExit). */
  stableAfterMs?: number;
}

interface Running {
  child: ChildProcess;
  connection: MessageConnection;
  ready: Promise<void>;
  startedAt: number;
  /** Whether it answered worker/configure, i.e. it started and served. */
  wasReady: boolean;
}

export class WorkerClient {
  private running: Running | undefined;
  private state: WorkerState = 'stopped';
  private restarts = 0;
  private consecutiveCrashes = 0;
  private restartTimer: NodeJS.Timeout | undefined;
  private readonly pending = new Set<(err: LocalFocusError) => void>();
  private readyWaiters: { resolve: () => void; reject: (e: LocalFocusError) => void }[] = [];

  constructor(private readonly opts: WorkerClientOptions) {}

  get currentState(): WorkerState {
    return this.state;
  }

  get pid(): number | undefined {
    return this.running?.child.pid;
  }

  get restartCount(): number {
    return this.restarts;
  }

  start(): Promise<void> {
    if (this.state === 'running' || this.state === 'starting') return this.whenReady();
    this.spawn();
    return this.whenReady();
  }

  async request<M extends WorkerMethod>(method: M, params: ParamsOf<M>, signal?: AbortSignal): Promise<ResultOf<M>> {
    if (signal?.aborted) throw new LocalFocusError('cancelled');
    await this.whenReady();
    const running = this.running;
    if (!running) throw new LocalFocusError('worker-exited');
    return this.send(running, method, params, signal) as Promise<ResultOf<M>>;
  }

  /** Re-sends the configuration, e.g. after a settings change or a new API key. */
  async reconfigure(): Promise<StatusReport | undefined> {
    if (this.state !== 'running' || !this.running) return undefined;
    const config = await this.opts.config();
    return (await this.send(this.running, 'worker/configure', config)) as StatusReport;
  }

  async stop(): Promise<void> {
    this.state = 'stopped';
    if (this.restartTimer) clearTimeout(this.restartTimer);
    this.restartTimer = undefined;
    const running = this.running;
    this.running = undefined;
    this.failPending(new LocalFocusError('worker-exited', 'The worker was stopped.'));
    this.rejectWaiters(new LocalFocusError('worker-exited', 'The worker was stopped.'));
    if (!running) return;
    const exited = new Promise<void>((resolve) => {
      if (running.child.exitCode !== null || running.child.signalCode !== null) resolve();
      else running.child.once('exit', () => resolve());
    });
    running.connection.dispose();
    running.child.disconnect?.();
    const kill = setTimeout(() => running.child.kill('SIGKILL'), 2_000);
    running.child.kill('SIGTERM');
    await exited;
    clearTimeout(kill);
  }

  private send(running: Running, method: string, params: unknown, signal?: AbortSignal): Promise<unknown> {
    const cancel = signalToToken(signal);
    return new Promise<unknown>((resolve, reject) => {
      const onExit = (err: LocalFocusError) => reject(err);
      this.pending.add(onExit);
      running.connection.sendRequest(method, params, cancel.token).then(
        (result) => {
          this.pending.delete(onExit);
          resolve(result);
        },
        (err) => {
          this.pending.delete(onExit);
          reject(signal?.aborted ? new LocalFocusError('cancelled') : fromResponseError(err));
        },
      );
    }).finally(() => cancel.dispose());
  }

  private whenReady(): Promise<void> {
    if (this.state === 'running') return Promise.resolve();
    if (this.state === 'stopped' && !this.running) return Promise.reject(new LocalFocusError('worker-exited', 'The worker is not running.'));
    // A request made while the worker restarts waits for it, but not forever: the caller falls
    // back to its degraded tier rather than hang through a crash loop's long backoff.
    const waitMs = this.opts.readyTimeoutMs ?? 10_000;
    return new Promise((resolve, reject) => {
      const waiter = {
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
        reject: (e: LocalFocusError) => {
          clearTimeout(timer);
          reject(e);
        },
      };
      const timer = setTimeout(() => {
        this.readyWaiters = this.readyWaiters.filter((w) => w !== waiter);
        reject(new LocalFocusError('worker-exited', `The Local Focus worker is not running (${this.state}).`));
      }, waitMs);
      this.readyWaiters.push(waiter);
    });
  }

  private spawn(): void {
    this.state = this.restarts > 0 || this.consecutiveCrashes > 0 ? 'restarting' : 'starting';
    const child = fork(this.opts.workerPath, [], {
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      execArgv: [],
      ...(this.opts.execPath ? { execPath: this.opts.execPath } : {}),
      env: { ...process.env, ...this.opts.env, ELECTRON_RUN_AS_NODE: '1' },
    });
    const connection = createMessageConnection(new IPCMessageReader(child), new IPCMessageWriter(child));
    const startedAt = Date.now();
    child.stdout?.on('data', (d: Buffer) => this.opts.log('info', `worker stdout: ${d.toString().trimEnd()}`));
    child.stderr?.on('data', (d: Buffer) => this.opts.log('warn', `worker stderr: ${d.toString().trimEnd()}`));
    connection.onNotification('worker/log', (p: WorkerNotifications['worker/log']) => this.opts.log(p.level, p.message));
    connection.onNotification('worker/status', (p: WorkerNotifications['worker/status']) => this.opts.onStatus?.(p));
    connection.onNotification('worker/progress', (p: WorkerNotifications['worker/progress']) => this.opts.onProgress?.(p));
    connection.listen();

    const ready = (async () => {
      const config = await this.opts.config();
      const status = (await connection.sendRequest('worker/configure', config)) as StatusReport;
      this.opts.onStatus?.(status);
    })();
    const running: Running = { child, connection, ready, startedAt, wasReady: false };
    this.running = running;

    child.once('exit', (code, signal) => this.onExit(running, code, signal));
    child.once('error', (err) => this.opts.log('error', `worker process error: ${err.message}`));

    ready.then(
      () => {
        if (this.running !== running) return;
        running.wasReady = true;
        this.state = 'running';
        this.opts.log('info', `worker running (pid ${child.pid}${this.restarts ? `, restart ${this.restarts}` : ''})`);
        this.opts.onUp?.({ pid: child.pid ?? -1, restarts: this.restarts });
        const waiters = this.readyWaiters;
        this.readyWaiters = [];
        waiters.forEach((w) => w.resolve());
      },
      (err) => {
        this.opts.log('error', `worker failed to configure: ${fromResponseError(err).message}; stopping it for a restart`);
        child.kill('SIGKILL');
      },
    );
  }

  private onExit(running: Running, code: number | null, signal: NodeJS.Signals | null): void {
    running.connection.dispose();
    if (this.running !== running) return;
    this.running = undefined;
    const how = signal ? `signal ${signal}` : `exit code ${code}`;
    this.failPending(new LocalFocusError('worker-exited', `The Local Focus worker stopped (${how}) while handling the request.`));
    if (this.state === 'stopped') return;

    const { initialMs, maxMs } = this.opts.backoff ?? { initialMs: 250, maxMs: 30_000 };
    // The growing backoff is for a worker that dies before it is ready (a crash loop at start-up,
    // which restarting fast only spins). One that started and served, then died (kill -9, the OOM
    // killer, a native crash on one input), restarts after the first delay: the features must be
    // back within ~1 s however often that happens.
    if (running.wasReady || Date.now() - running.startedAt > (this.opts.stableAfterMs ?? 60_000)) this.consecutiveCrashes = 0;
    const delay = Math.min(initialMs * 2 ** this.consecutiveCrashes, maxMs);
    this.consecutiveCrashes++;
    this.restarts++;
    this.state = 'restarting';
    this.opts.log('warn', `worker exited (${how}); restarting in ${delay} ms`);
    this.opts.onDown?.({ code, signal, restartInMs: delay });
    this.restartTimer = setTimeout(() => {
      this.restartTimer = undefined;
      if (this.state !== 'stopped') this.spawn();
    }, delay);
  }

  private failPending(err: LocalFocusError): void {
    const rejects = [...this.pending];
    this.pending.clear();
    rejects.forEach((r) => r(err));
  }

  private rejectWaiters(err: LocalFocusError): void {
    const waiters = this.readyWaiters;
    this.readyWaiters = [];
    waiters.forEach((w) => w.reject(err));
  }
}
