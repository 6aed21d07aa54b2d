// The check a model found on the disk passes before it is used where it lies: the same whole-file
// GGUF check an imported file gets (checkGgufFile: header, tensor table, every tensor's data inside
// the file) and the model fields the memory estimate needs (ggufModelInfo). The file belongs to
// Ollama or LM Studio, so a failure says how to repair it there; it is never deleted or changed here.
import * as path from 'node:path';
import { GgufFormatError, ggufModelInfo, type GgufErrorReason, type GgufHeader, type GgufModelInfo } from '../../core/models/gguf';
import { checkGgufFile } from '../../core/models/ggufCheck';
import { fsErrorSentence, isNotThere } from './folderReading';
import type { ModelOnDisk } from './types';

export type InPlaceProblem = 'missing' | 'unreadable' | 'damaged' | 'not-gguf' | 'unsupported';

export type InPlaceVerdict = { ok: true; info: GgufModelInfo } | { ok: false; problem: InPlaceProblem; message: string };

/** GgufFormatError reasons by what the user can do about them. */
const PROBLEM_OF_REASON: Record<GgufErrorReason, InPlaceProblem> = {
  'bad-magic': 'not-gguf',
  truncated: 'damaged',
  'bad-value': 'damaged',
  'too-large': 'damaged',
  'unsupported-version': 'unsupported',
  'missing-key': 'unsupported',
};

/**
 * Checks every file of the model (each part of a split model) and returns the first part's model
 * fields, or the problem in a sentence that ends with what to do. Cancelling throws (AbortError).
 */
export async function verifyInPlace(model: ModelOnDisk, signal?: AbortSignal): Promise<InPlaceVerdict> {
  const files = model.source === 'lm-studio' ? model.parts : [model.path];
  let first: GgufHeader | undefined;
  for (const file of files) {
    try {
      const header = await checkGgufFile(file, signal ? { signal } : {});
      first ??= header;
    } catch (err) {
      if (signal?.aborted) throw err;
      return failure(model, file, files.length, err);
    }
  }
  try {
    return { ok: true, info: ggufModelInfo(first as GgufHeader) };
  } catch (err) {
    return failure(model, files[0], files.length, err);
  }
}

function failure(model: ModelOnDisk, file: string, fileCount: number, err: unknown): InPlaceVerdict {
  const problem = problemOf(err);
  const which = fileCount > 1 ? `${what(model)} (its part ${path.basename(file)})` : what(model);
  const cause = err instanceof GgufFormatError ? err.message : `${fsErrorSentence(err)}.`;
  const message = `${which} cannot be used: ${problem === 'missing' ? `${file} is no longer there.` : cause} ${remedy(model, file, problem)}`;
  return { ok: false, problem, message };
}

function problemOf(err: unknown): InPlaceProblem {
  if (err instanceof GgufFormatError) return PROBLEM_OF_REASON[err.reason];
  return isNotThere(err) ? 'missing' : 'unreadable';
}

function what(model: ModelOnDisk): string {
  return model.source === 'ollama' ? `Ollama's model ${model.name}` : `LM Studio's model ${model.name}`;
}

/** What to do, in the program that owns the file. */
function remedy(model: ModelOnDisk, file: string, problem: InPlaceProblem): string {
  switch (problem) {
    case 'missing':
      return 'It was removed or moved since the list was made; refresh the list of models on this computer.';
    case 'unreadable':
      return `Give your user permission to read ${file}, or use another model.`;
    case 'unsupported':
      return 'Local Focus cannot load this model; choose another one.';
    case 'damaged':
    case 'not-gguf':
      return model.source === 'ollama'
        ? `Download it again in Ollama: "ollama rm ${model.name}", then "ollama pull ${model.name}".`
        : 'Delete it in LM Studio (My Models) and download it again there.';
  }
}
