// The memory verdict for one model, in the form the model manager shows: the estimate of
// src/core/models/memoryBudget (weights + KV cache at the context the worker will use + runtime)
// against the budget left after the models already in memory.
import type { MemoryShapeSource, ModelMemoryView } from '../../../core/modelsProtocol';
import { estimateModelMemory, judgeMemory, LlmShape, memoryBudget } from '../../../core/models/memoryBudget';

export interface MemoryViewInput {
  weightsBytes: number;
  shape?: LlmShape;
  shapeSource: MemoryShapeSource;
  contextSize: number;
  totalRamBytes: number;
  percent?: number;
  loadedBytes: number;
}

export function memoryViewFor(input: MemoryViewInput): ModelMemoryView {
  const estimate = estimateModelMemory({ weightsBytes: input.weightsBytes, ...(input.shape ? { shape: input.shape } : {}), contextSize: input.contextSize });
  const budget = memoryBudget({ totalRamBytes: input.totalRamBytes, ...(input.percent !== undefined ? { percent: input.percent } : {}), loadedBytes: input.loadedBytes });
  const judged = judgeMemory(estimate, budget);
  const unknownShape = input.shapeSource === 'none' ? ' The context cache is not counted yet: the model\'s shape is known once its header is read.' : '';
  return {
    verdict: judged.verdict,
    totalBytes: estimate.totalBytes,
    weightsBytes: estimate.weightsBytes,
    kvCacheBytes: estimate.kvCacheBytes,
    overheadBytes: estimate.overheadBytes,
    contextSize: estimate.contextSize,
    budgetBytes: budget.budgetBytes,
    remainingBytes: budget.remainingBytes,
    sentence: judged.sentence + unknownShape,
    shapeSource: input.shapeSource,
  };
}
