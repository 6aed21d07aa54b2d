// Entry of the forked inference process: binds WorkerService to JSON-RPC over Node IPC.
// This is the only process that loads native code, so a crash here never takes the editor down.
import { createMessageConnection, IPCMessageReader, IPCMessageWriter } from 'vscode-jsonrpc/node';
import { LogLevel } from '../core/protocol';
import { WorkerMethod, WorkerNotifications } from '../core/workerRequests';
import { toResponseError, tokenToSignal } from '../core/rpc';
import { GpuCrashGuard } from './gpuCrashGuard';
import { WorkerService } from './service';
import { parseWorkerTuning } from './workerTuning';

if (!process.send) {
  console.error('local-focus worker: must be started by the extension host with an IPC channel (child_process.fork).');
  process.exit(2);
}

const connection = createMessageConnection(new IPCMessageReader(process), new IPCMessageWriter(process));

function notify<M extends keyof WorkerNotifications>(method: M, params: WorkerNotifications[M]): void {
  void connection.sendNotification(method, params);
}

const log = (level: LogLevel, message: string) => notify('worker/log', { level, message });

const tuning = parseWorkerTuning();
const service = new WorkerService(
  {
    log,
    status: (report) => notify('worker/status', report),
    progress: (p) => notify('worker/progress', p),
  },
  tuning,
);

for (const method of service.methods()) {
  connection.onRequest(method, async (params: unknown, token) => {
    try {
      return await service.call(method as WorkerMethod, params as never, tokenToSignal(token));
    } catch (err) {
      const e = toResponseError(err);
      if (e.data?.code === 'internal') log('error', `${method} failed: ${e.message}`);
      return e;
    }
  });
}

// Fault requests crash or hang the worker mid-request, which a signal from outside cannot time.
if (tuning.faultRequests) {
  connection.onRequest('test/exit', (params: { code?: number }) => process.exit(params?.code ?? 1));
  connection.onRequest('test/hang', () => new Promise(() => undefined));
}

connection.onClose(() => {
  // The host went away: nothing can use our results any more.
  void service.dispose().finally(() => process.exit(0));
});

// The editor stops the worker with SIGTERM (a restart, a settings change, closing the window), at
// once even during a model load: a stop is not a crash, so no GPU-attempt marker may outlive it.
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    new GpuCrashGuard().clearOwn();
    process.exit(signal === 'SIGTERM' ? 143 : 130);
  });
}

process.on('uncaughtException', (err) => {
  log('error', `uncaught exception in worker: ${err.stack ?? err.message}; exiting so the host restarts it`);
  setTimeout(() => process.exit(70), 50);
});

connection.listen();
log('info', `worker started (pid ${process.pid}, node ${process.version}, ${process.platform}-${process.arch})`);
