// What a GGUF file's name says about it, by the naming rules llama.cpp and LM Studio share: a part
// of a model split into several files, or a vision projector that goes with a model.

/** llama.cpp's split naming (gguf-split, llama_split_path): `<prefix>-00001-of-00003.gguf`. */
const SPLIT_PART = /^(.*)-(\d{5})-of-(\d{5})\.gguf$/i;

/** Projectors are published as `mmproj-<model>.gguf` or `<model>-mmproj-f16.gguf`. */
const PROJECTOR = /(^|[-_.])mmproj([-_.]|$)/i;

export interface SplitPart {
  /** Names the whole model: the prefix and the part count, the same for every part. */
  key: string;
  /** 1-based. */
  index: number;
  count: number;
}

export function isGgufFileName(name: string): boolean {
  return name.toLowerCase().endsWith('.gguf');
}

export function isProjectorFileName(name: string): boolean {
  return PROJECTOR.test(name.replace(/\.gguf$/i, ''));
}

/** The split part a file name is, or undefined for a model in one file. */
export function splitPartOf(name: string): SplitPart | undefined {
  const match = SPLIT_PART.exec(name);
  if (!match) return undefined;
  const index = Number(match[2]);
  const count = Number(match[3]);
  if (index < 1 || count < 2 || index > count) return undefined;
  return { key: `${match[1]}|${count}`, index, count };
}

/** The file name of part `index` of the split model that `part` belongs to. */
export function splitPartName(partName: string, index: number): string {
  return partName.replace(/-(\d{5})(-of-\d{5}\.gguf)$/i, (_all, _index: string, rest: string) => `-${String(index).padStart(5, '0')}${rest}`);
}
