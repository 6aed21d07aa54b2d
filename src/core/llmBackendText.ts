// How the status surfaces (the status bar tooltip, `local-focus status`) name the llama.cpp backend
// chat models run on, the layers each loaded chat model has on the GPU, and why not the GPU.
import { LLM_BACKEND_LABELS, StatusReport } from './protocol';

export interface LlmBackendText {
  /** e.g. "Vulkan · Llama-3.2-1B-Instruct-Q4_K_M.gguf: 17 of 17 layers on the GPU" */
  summary: string;
  /** Why chat models stay off the GPU, when they do. */
  fallback?: string;
}

export function llmBackendText(report: Pick<StatusReport, 'llm' | 'loadedModels'>): LlmBackendText {
  const { backend, fallback } = report.llm;
  const fallbackPart = fallback ? { fallback } : {};
  // The worker never starts llama.cpp just to fill the status.
  if (backend === 'unknown') return { summary: 'not known yet (llama.cpp starts with the first chat model)', ...fallbackPart };
  const models = report.loadedModels
    .filter((m) => m.kind === 'llm' && m.gpuLayers !== undefined)
    .map((m) => `${fileName(m.path)}: ${m.gpuLayers} of ${m.totalLayers ?? '?'} layers on the GPU`);
  return { summary: [LLM_BACKEND_LABELS[backend], ...(models.length ? models : ['no chat model loaded'])].join(' · '), ...fallbackPart };
}

function fileName(p: string): string {
  return p.split(/[\\/]/).pop() || p;
}
