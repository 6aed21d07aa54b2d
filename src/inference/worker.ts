// Entry of the forked inference process: binds WorkerService to JSON-RPC over Node IPC.
// This is the only process that loads native code, so a crash here never takes the editor down.
import { createMessageConnection, IPCMessageReader, IPCMessageWriter } from 'vscode-jsonrpc/node';
import { LogLevel, WorkerNotifications, WorkerRequests } from '../core/protocol';
import { toResponseError, tokenToSignal } from '../core/rpc';
import { WorkerService } from './service';

if (!process.send) {
  console.error('local-focus worker: must be started by the extension host with an IPC channel (child_process.fork).');
  process.exit(2);
}

const connection = createMessageConnection(new IPCMessageReader(process), new IPCMessageWriter(process));

function notify<M extends keyof WorkerNotifications>(method: M, params: WorkerNotifications[M]): void {
  void connection.sendNotification(method, params);
}

const log = (level: LogLevel, message: string) => notify('worker/log', { level, message });

const service = new WorkerService({
  log,
  status: (report) => notify('worker/status', report),
});

function handle<M extends keyof WorkerRequests>(
  method: M,
  fn: (params: WorkerRequests[M]['params'], signal: AbortSignal) => Promise<WorkerRequests[M]['result']> | WorkerRequests[M]['result'],
): void {
  connection.onRequest(method, async (params: WorkerRequests[M]['params'], token) => {
    try {
      return await fn(params, tokenToSignal(token));
    } catch (err) {
      const e = toResponseError(err);
      if (e.data?.code === 'internal') log('error', `${method} failed: ${e.message}`);
      return e;
    }
  });
}

handle('worker/configure', (config) => service.configure(config));
handle('worker/status', (params) => service.statusWithProbe(Boolean(params?.probe)));
handle('llm/generateJson', (params, signal) => service.generateJson(params, signal));
handle('embeddings/embed', (params, signal) => service.embed(params, signal));
handle('models/unloadAll', async () => ({ unloaded: await service.unloadAll() }));

// Test hook: lets the integration tests crash the worker mid-request without a signal race.
if (process.env.LOCAL_FOCUS_TEST_HOOKS === '1') {
  connection.onRequest('test/exit', (params: { code?: number }) => process.exit(params?.code ?? 1));
  connection.onRequest('test/hang', () => new Promise(() => undefined));
}

connection.onClose(() => {
  // The host went away: nothing can use our results any more.
  void service.dispose().finally(() => process.exit(0));
});

process.on('uncaughtException', (err) => {
  log('error', `uncaught exception in worker: ${err.stack ?? err.message}; exiting so the host restarts it`);
  setTimeout(() => process.exit(70), 50);
});

connection.listen();
log('info', `worker started (pid ${process.pid}, node ${process.version}, ${process.platform}-${process.arch})`);
