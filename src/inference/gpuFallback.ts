// Whether chat models in this process may go on the GPU, and why not. One per process: the worker
// service owns it and hands it to every LlmRuntime it creates, so a fallback outlives a runtime
// re-created by a settings change.
//
// Two things take the GPU away:
//   - a GPU load that failed in this process (out of GPU memory, a driver error): kept for the
//     life of the process, because the next model would most likely fail the same way;
//   - a GPU attempt that crashed an earlier process (GpuCrashGuard has the rule for how long).
import { LLM_BACKEND_LABELS, LlmBackend, LlmBackendStatus, LogLevel } from '../core/protocol';
import { CRASH_MEMORY_MS, GpuCrash, GpuCrashGuard } from './gpuCrashGuard';

export interface GpuPermission {
  /** Layers may go to the GPU. */
  offload: boolean;
  /**
   * A GPU build may run with no layers offloaded, where there is no CPU build (macOS arm64 has
   * only the Metal build). False once such a run crashed too.
   */
  gpuBuild: boolean;
  /** Why offload is off. */
  reason?: string;
}

export class GpuFallback {
  private failedHere: string | undefined;
  private crashReason: string | undefined;
  private loggedCrashReason: string | undefined;
  private checked = false;
  private buildInProcess: LlmBackend | undefined;

  constructor(
    readonly guard: GpuCrashGuard,
    private readonly log: (level: LogLevel, message: string) => void,
  ) {}

  /** Reads the crash markers (a directory listing) and says what llama.cpp may do now. */
  permission(): GpuPermission {
    const crashes = this.guard.crashes();
    this.checked = true;
    this.crashReason = crashes.length ? crashSentence(crashes) : undefined;
    if (this.crashReason && this.crashReason !== this.loggedCrashReason) {
      this.log('warn', this.crashReason);
      this.loggedCrashReason = this.crashReason;
    }
    const reason = this.failedHere ?? this.crashReason;
    return { offload: !reason, gpuBuild: !crashes.some((c) => !c.offload), ...(reason ? { reason } : {}) };
  }

  /** A GPU load failed here and the model went to the CPU: later loads in this process skip the GPU. */
  fellBack(reason: string): void {
    this.failedHere = reason;
  }

  /** The llama.cpp build this process loaded. Only one can be loaded per process: see LlmRuntime. */
  noteBuild(backend: LlmBackend): void {
    this.buildInProcess = backend;
  }

  get build(): LlmBackend | undefined {
    return this.buildInProcess;
  }

  /** For the status: never loads llama.cpp; reads the crash markers once if nothing has yet. */
  status(): LlmBackendStatus {
    if (!this.checked) this.permission();
    const fallback = this.failedHere ?? this.crashReason;
    return { backend: this.buildInProcess ?? 'unknown', ...(fallback ? { fallback } : {}) };
  }

  /**
   * The user restarted the worker on purpose: forget the crashes and this process's fallback.
   * Loads from now on try the GPU; a process that already runs the CPU build keeps it.
   */
  retryGpu(): void {
    const forgotten = this.guard.forget();
    const hadFallback = this.failedHere !== undefined || forgotten > 0;
    this.failedHere = undefined;
    this.crashReason = undefined;
    this.loggedCrashReason = undefined;
    if (hadFallback) this.log('info', `GPU fallback cleared (${forgotten} crash record(s) removed): the next chat model load tries the GPU`);
  }
}

function crashSentence(crashes: GpuCrash[]): string {
  const last = crashes[crashes.length - 1]!;
  const on = last.backend === 'auto' ? 'the GPU' : (LLM_BACKEND_LABELS[last.backend as LlmBackend] ?? last.backend);
  const what = last.step === 'init' ? `starting llama.cpp on ${on}` : `loading ${fileName(last.model)} on ${on}${last.offload ? '' : ' with no layers offloaded'}`;
  const until = `until the worker is restarted from the editor, the machine restarts, or ${CRASH_MEMORY_MS / 3_600_000} hours pass`;
  return `The inference process (pid ${last.pid}) crashed at ${new Date(last.startedAt).toLocaleString()} while ${what}; chat models stay off the GPU ${until}.`;
}

function fileName(p: string | undefined): string {
  return p ? (p.split(/[\\/]/).pop() ?? p) : 'a model';
}
