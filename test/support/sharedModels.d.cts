// Types for sharedModels.cjs.
export declare const SHARED_MODELS_ENV: 'LOCAL_FOCUS_SHARED_MODELS';
/** The repository root (the folder holding package.json). */
export declare const repoRoot: string;
/** $LOCAL_FOCUS_SHARED_MODELS, else `shared/models` beside the repository root. */
export declare const sharedModelsDir: string;
export declare const STORIES_260K: 'stories260K/stories260K.gguf';
export declare const LLAMA2_TINY_RANDOM: 'llama-2-tiny-random/llama-2-tiny-random.gguf';
export declare const MINILM_TOKENIZER: 'all-MiniLM-L6-v2-tokenizer';
export declare const MODELS_README: 'README.md';
/** The absolute path of `relativePath` in the shared models folder; throws, saying where it looked, when it is missing. */
export declare function sharedModel(relativePath: string): string;
