// The built-in model catalog. Every size and SHA-256 below is the published one, copied from the
// source named in the comment above it (the Hugging Face LFS pointer of the file, shown on its
// "blame"/"blob" page as `oid sha256:… size …`). Where a hash could not be found it is null and the
// entry is unverified; none is made up. URLs are pinned to a commit when the hash was read at a
// known commit, so a later re-upload (bartowski re-uploads quants) cannot turn a good download
// into a hash mismatch; "main" is used where the pointer was read on main.
import { CatalogEntry, ModelRole } from './catalogTypes';
import { validateCatalog } from './catalogSchema';

const HF = 'https://huggingface.co';

const BUILTIN_RAW = [
  {
    id: 'llama-3.2-3b-instruct-q4km',
    name: 'Llama 3.2 3B Instruct',
    roles: ['review'],
    publisher: 'Meta (GGUF by bartowski)',
    trust: 'verified',
    format: 'gguf',
    quantization: 'Q4_K_M',
    parameters: '3.2B',
    contextLength: 131072,
    license: 'Llama 3.2 Community License',
    // Architecture from meta-llama/Llama-3.2-3B-Instruct config.json: hidden 3072, 24 heads, 8 KV heads.
    architecture: { layers: 28, headCount: 24, kvHeads: 8, headDim: 128 },
    files: [
      {
        name: 'Llama-3.2-3B-Instruct-Q4_K_M.gguf',
        // huggingface.co/bartowski/Llama-3.2-3B-Instruct-GGUF/blame/21cf8ea4e3e4dfbd1f6ddcc715475a8ee5f9e13a/Llama-3.2-3B-Instruct-Q4_K_M.gguf
        // (LFS pointer: oid sha256:6c1a2b41…, size 2019377696); also in ../shared/models/README.md (beside the repository).
        url: `${HF}/bartowski/Llama-3.2-3B-Instruct-GGUF/resolve/21cf8ea4e3e4dfbd1f6ddcc715475a8ee5f9e13a/Llama-3.2-3B-Instruct-Q4_K_M.gguf`,
        size: 2019377696,
        sha256: '6c1a2b41161032677be168d354123594c0e6e67d2b9227c84f296ad037c728ff',
      },
    ],
  },
  {
    id: 'llama-3.2-1b-instruct-q4km',
    name: 'Llama 3.2 1B Instruct',
    roles: ['task-parsing'],
    publisher: 'Meta (GGUF by bartowski)',
    trust: 'verified',
    format: 'gguf',
    quantization: 'Q4_K_M',
    parameters: '1.24B',
    contextLength: 131072,
    license: 'Llama 3.2 Community License',
    // meta-llama/Llama-3.2-1B-Instruct config.json: hidden 2048, 32 heads, 8 KV heads.
    architecture: { layers: 16, headCount: 32, kvHeads: 8, headDim: 64 },
    files: [
      {
        name: 'Llama-3.2-1B-Instruct-Q4_K_M.gguf',
        // huggingface.co/bartowski/Llama-3.2-1B-Instruct-GGUF/blame/421677676671db8d33e216c039ed1b7e31b5d711/Llama-3.2-1B-Instruct-Q4_K_M.gguf
        // (oid sha256:6f85a640…, size 807694464); the same pair appears on the blob page at d52af377.
        url: `${HF}/bartowski/Llama-3.2-1B-Instruct-GGUF/resolve/421677676671db8d33e216c039ed1b7e31b5d711/Llama-3.2-1B-Instruct-Q4_K_M.gguf`,
        size: 807694464,
        sha256: '6f85a640a97cf2bf5b8e764087b1e83da0fdb51d7c9fab7d0fece9385611df83',
      },
    ],
  },
  {
    id: 'qwen2.5-0.5b-instruct-q4km',
    name: 'Qwen2.5 0.5B Instruct',
    roles: ['task-parsing'],
    publisher: 'Qwen (Alibaba Cloud)',
    trust: 'official',
    format: 'gguf',
    quantization: 'Q4_K_M',
    parameters: '0.49B',
    contextLength: 32768,
    license: 'Apache-2.0',
    // Qwen/Qwen2.5-0.5B-Instruct-GGUF model card: 24 layers, 14 Q heads, 2 KV heads; hidden 896.
    architecture: { layers: 24, headCount: 14, kvHeads: 2, headDim: 64 },
    files: [
      {
        name: 'qwen2.5-0.5b-instruct-q4_k_m.gguf',
        // huggingface.co/Qwen/Qwen2.5-0.5B-Instruct-GGUF/blame/main/qwen2.5-0.5b-instruct-q4_k_m.gguf
        // (oid sha256:74a4da8c…, size 491400032); a public C# catalog (TechieRag LocalModel.cs)
        // pins the same hash and size at commit 9217f5db….
        url: `${HF}/Qwen/Qwen2.5-0.5B-Instruct-GGUF/resolve/main/qwen2.5-0.5b-instruct-q4_k_m.gguf`,
        size: 491400032,
        sha256: '74a4da8c9fdbcd15bd1f6d01d621410d31c6fc00986f5eb687824e7b93d7a9db',
      },
    ],
  },
  {
    id: 'qwen2.5-1.5b-instruct-q4km',
    name: 'Qwen2.5 1.5B Instruct',
    roles: ['task-parsing'],
    publisher: 'Qwen (GGUF by bartowski)',
    trust: 'verified',
    format: 'gguf',
    quantization: 'Q4_K_M',
    parameters: '1.54B',
    contextLength: 32768,
    license: 'Apache-2.0',
    // Qwen/Qwen2.5-1.5B-Instruct config.json: hidden 1536, 12 heads, 2 KV heads.
    architecture: { layers: 28, headCount: 12, kvHeads: 2, headDim: 128 },
    files: [
      {
        name: 'Qwen2.5-1.5B-Instruct-Q4_K_M.gguf',
        // Pinned revision, hash and size as a public reproduction script pins them
        // (github: tools/…capacity probe, "revision": "9eadc661…", "size_bytes": 986048768); the
        // size also matches an independent iOS catalog (986_048_768). bartowski re-uploaded this
        // file: the blob page at commit 85553858 shows an earlier upload (sha256 50961d9b…),
        // which is why the URL is pinned to the revision this hash belongs to.
        url: `${HF}/bartowski/Qwen2.5-1.5B-Instruct-GGUF/resolve/9eadc66189c7641e1ddd226b8267a9119b2ce2d4/Qwen2.5-1.5B-Instruct-Q4_K_M.gguf`,
        size: 986048768,
        sha256: '1adf0b11065d8ad2e8123ea110d1ec956dab4ab038eab665614adba04b6c3370',
      },
    ],
  },
  {
    id: 'phi-3-mini-4k-instruct-q4',
    name: 'Phi-3 mini 4k Instruct',
    roles: ['review', 'task-parsing'],
    publisher: 'Microsoft',
    trust: 'official',
    format: 'gguf',
    // The publisher names this quantisation "q4"; the GGUF header's file type gives the exact one.
    quantization: 'Q4',
    parameters: '3.8B',
    contextLength: 4096,
    license: 'MIT',
    // microsoft/Phi-3-mini-4k-instruct config.json: hidden 3072, 32 heads, no GQA (32 KV heads).
    architecture: { layers: 32, headCount: 32, kvHeads: 32, headDim: 96 },
    files: [
      {
        name: 'Phi-3-mini-4k-instruct-q4.gguf',
        // huggingface.co/microsoft/Phi-3-mini-4k-instruct-gguf/blame/main/Phi-3-mini-4k-instruct-q4.gguf
        // (oid sha256:8a83c7fb…, size 2393231072).
        url: `${HF}/microsoft/Phi-3-mini-4k-instruct-gguf/resolve/main/Phi-3-mini-4k-instruct-q4.gguf`,
        size: 2393231072,
        sha256: '8a83c7fb9049a9b2e92266fa7ad04933bb53aa1e85136b7b30f1b8000ff2edef',
      },
    ],
  },
  {
    id: 'tinyllama-1.1b-chat-v1.0-q4km',
    name: 'TinyLlama 1.1B Chat v1.0',
    roles: ['task-parsing'],
    publisher: 'TinyLlama (GGUF by TheBloke)',
    trust: 'verified',
    format: 'gguf',
    quantization: 'Q4_K_M',
    parameters: '1.1B',
    contextLength: 2048,
    license: 'Apache-2.0',
    // TinyLlama/TinyLlama-1.1B-Chat-v1.0 config.json: hidden 2048, 32 heads, 4 KV heads.
    architecture: { layers: 22, headCount: 32, kvHeads: 4, headDim: 64 },
    files: [
      {
        name: 'tinyllama-1.1b-chat-v1.0.Q4_K_M.gguf',
        // huggingface.co/TheBloke/TinyLlama-1.1B-Chat-v1.0-GGUF/blame/main/tinyllama-1.1b-chat-v1.0.Q4_K_M.gguf
        // (oid sha256:9fecc3b3…, size 668788096).
        url: `${HF}/TheBloke/TinyLlama-1.1B-Chat-v1.0-GGUF/resolve/main/tinyllama-1.1b-chat-v1.0.Q4_K_M.gguf`,
        size: 668788096,
        sha256: '9fecc3b3cd76bba89d504f29b616eedf7da85b96540e490ca5824d3f7d2776a0',
      },
    ],
  },
  {
    id: 'all-minilm-l6-v2',
    name: 'all-MiniLM-L6-v2 (q8 ONNX)',
    roles: ['embeddings'],
    publisher: 'sentence-transformers (ONNX by Xenova)',
    trust: 'verified',
    format: 'onnx',
    quantization: 'q8',
    parameters: '22.7M',
    contextLength: 512,
    license: 'Apache-2.0',
    // The folder name src/core/paths.ts expects for the default embeddings model.
    folder: 'all-MiniLM-L6-v2',
    // Hashes of Xenova/all-MiniLM-L6-v2 at commit 751bff37…, as listed file by file on
    // huggingface.co/ChatPanel/all-MiniLM-L6-v2 ("byte-for-byte the upstream ones"). The weights'
    // hash and size are also on the Xenova blob page (refs/pr/1) and in ../shared/models/README.md.
    // The five small files are the ones in ../shared/models/all-MiniLM-L6-v2-tokenizer: their
    // sha256 there equals the published list, so their sizes are the published files' sizes.
    files: [
      {
        name: 'onnx/model_quantized.onnx',
        url: `${HF}/Xenova/all-MiniLM-L6-v2/resolve/751bff37182d3f1213fa05d7196b954e230abad9/onnx/model_quantized.onnx`,
        size: 22972370,
        sha256: 'afdb6f1a0e45b715d0bb9b11772f032c399babd23bfc31fed1c170afc848bdb1',
      },
      {
        name: 'config.json',
        url: `${HF}/Xenova/all-MiniLM-L6-v2/resolve/751bff37182d3f1213fa05d7196b954e230abad9/config.json`,
        size: 650,
        sha256: '7135149f7cffa1a573466c6e4d8423ed73b62fd2332c575bf738a0d033f70df7',
      },
      {
        name: 'tokenizer.json',
        url: `${HF}/Xenova/all-MiniLM-L6-v2/resolve/751bff37182d3f1213fa05d7196b954e230abad9/tokenizer.json`,
        size: 711661,
        sha256: 'da0e79933b9ed51798a3ae27893d3c5fa4a201126cef75586296df9b4d2c62a0',
      },
      {
        name: 'tokenizer_config.json',
        url: `${HF}/Xenova/all-MiniLM-L6-v2/resolve/751bff37182d3f1213fa05d7196b954e230abad9/tokenizer_config.json`,
        size: 366,
        sha256: '9261e7d79b44c8195c1cada2b453e55b00aeb81e907a6664974b4d7776172ab3',
      },
      {
        name: 'special_tokens_map.json',
        url: `${HF}/Xenova/all-MiniLM-L6-v2/resolve/751bff37182d3f1213fa05d7196b954e230abad9/special_tokens_map.json`,
        size: 125,
        sha256: 'b6d346be366a7d1d48332dbc9fdf3bf8960b5d879522b7799ddba59e76237ee3',
      },
      {
        name: 'vocab.txt',
        url: `${HF}/Xenova/all-MiniLM-L6-v2/resolve/751bff37182d3f1213fa05d7196b954e230abad9/vocab.txt`,
        size: 231508,
        sha256: '07eced375cec144d27c900241f3e339478dec958f92fddbc551f295c992038a3',
      },
    ],
  },
  {
    id: 'paraphrase-multilingual-minilm-l12-v2',
    name: 'paraphrase-multilingual-MiniLM-L12-v2 (q8 ONNX)',
    roles: ['embeddings'],
    publisher: 'sentence-transformers (ONNX by Xenova)',
    trust: 'verified',
    format: 'onnx',
    quantization: 'q8',
    // 50+ languages, 384 dimensions, mean pooling (the embedder's pooling), as the
    // sentence-transformers model card says; its max_seq_length is 128 tokens, which is what it was
    // trained on: the tail of a longer chunk is read by BM25 but not by this model.
    parameters: '118M',
    contextLength: 128,
    license: 'Apache-2.0',
    folder: 'paraphrase-multilingual-MiniLM-L12-v2',
    // Xenova/paraphrase-multilingual-MiniLM-L12-v2 at commit 2c4055b1…. The weights' and
    // tokenizer.json's hash and size are their LFS oids, as the model registry of
    // github.com/kennguy3n/Tessera lists them; that registry's figures for
    // Xenova/all-MiniLM-L6-v2@751bff37 equal this catalog's published ones byte for byte. The three
    // small files are not LFS files, so the Hub publishes no hash of them: their figures are the
    // ones public projects pin for this commit in their download manifests; searching public code
    // for config.json's hash found ten unrelated ones (Python, TypeScript, Markdown), all giving the
    // same sizes and hashes for the files they list. transformers.js reads config.json,
    // tokenizer.json and tokenizer_config.json; special_tokens_map.json is kept as the MiniLM entry
    // keeps it, so the folder is the published one.
    files: [
      {
        name: 'onnx/model_quantized.onnx',
        url: `${HF}/Xenova/paraphrase-multilingual-MiniLM-L12-v2/resolve/2c4055b12046f11709e9df2c122e59ffbdc2f900/onnx/model_quantized.onnx`,
        size: 118308126,
        sha256: '66fc00f5f29afcaff34092e1bdd20008ca3918265a82fb9695a551e510cc4ebc',
      },
      {
        name: 'config.json',
        url: `${HF}/Xenova/paraphrase-multilingual-MiniLM-L12-v2/resolve/2c4055b12046f11709e9df2c122e59ffbdc2f900/config.json`,
        size: 673,
        sha256: '05b570bff786faa5c4604152aa16f19f77ed6dfc31e47dd0f3dd987078693ac7',
      },
      {
        name: 'tokenizer.json',
        url: `${HF}/Xenova/paraphrase-multilingual-MiniLM-L12-v2/resolve/2c4055b12046f11709e9df2c122e59ffbdc2f900/tokenizer.json`,
        size: 17082913,
        sha256: 'b60b6b43406a48bf3638526314f3d232d97058bc93472ff2de930d43686fa441',
      },
      {
        name: 'tokenizer_config.json',
        url: `${HF}/Xenova/paraphrase-multilingual-MiniLM-L12-v2/resolve/2c4055b12046f11709e9df2c122e59ffbdc2f900/tokenizer_config.json`,
        size: 496,
        sha256: '3f5961b9ac86288cccdb97f32fb848d6187c78e1603958c53f3ea1f296b7d8a2',
      },
      {
        name: 'special_tokens_map.json',
        url: `${HF}/Xenova/paraphrase-multilingual-MiniLM-L12-v2/resolve/2c4055b12046f11709e9df2c122e59ffbdc2f900/special_tokens_map.json`,
        size: 280,
        sha256: '06e405a36dfe4b9604f484f6a1e619af1a7f7d09e34a8555eb0b77b66318067f',
      },
    ],
  },
  {
    id: 'gte-small',
    name: 'GTE small (q8 ONNX)',
    roles: ['embeddings'],
    publisher: 'Alibaba DAMO thenlper (ONNX by Xenova)',
    trust: 'verified',
    format: 'onnx',
    quantization: 'q8',
    parameters: '33.4M',
    contextLength: 512,
    license: 'MIT',
    // No published hash or exact size was found for these files (the Xenova/gte-small tree
    // pages show only rounded sizes: model_quantized.onnx "34 MB", tokenizer.json "712 kB"), so
    // the entry is unverified and the download trusts the server's Content-Length.
    files: [
      { name: 'onnx/model_quantized.onnx', url: `${HF}/Xenova/gte-small/resolve/main/onnx/model_quantized.onnx`, size: null, sha256: null },
      { name: 'config.json', url: `${HF}/Xenova/gte-small/resolve/main/config.json`, size: null, sha256: null },
      { name: 'tokenizer.json', url: `${HF}/Xenova/gte-small/resolve/main/tokenizer.json`, size: null, sha256: null },
      { name: 'tokenizer_config.json', url: `${HF}/Xenova/gte-small/resolve/main/tokenizer_config.json`, size: null, sha256: null },
    ],
  },
];

/** Validated once at load: a mistake in the list above fails every test that imports it. */
export const BUILTIN_CATALOG: readonly CatalogEntry[] = Object.freeze(
  validateCatalog(BUILTIN_RAW, 'The built-in model catalog').map((e) => Object.freeze({ ...e, origin: 'builtin' as const })),
);

/** The model each role uses until the user picks another (matches DEFAULT_MODEL_FILES in src/core/paths.ts). */
export const DEFAULT_MODEL_IDS: Record<ModelRole, string> = {
  review: 'llama-3.2-3b-instruct-q4km',
  'task-parsing': 'llama-3.2-1b-instruct-q4km',
  embeddings: 'all-minilm-l6-v2',
};

export function findCatalogEntry(catalog: readonly CatalogEntry[], id: string): CatalogEntry | undefined {
  return catalog.find((e) => e.id === id);
}

export function entriesForRole(catalog: readonly CatalogEntry[], role: ModelRole): CatalogEntry[] {
  return catalog.filter((e) => e.roles.includes(role));
}

/** Sum of the known file sizes, and whether every size is known. */
export function entryDownloadSize(entry: CatalogEntry): { bytes: number; exact: boolean } {
  let bytes = 0;
  let exact = true;
  for (const f of entry.files) {
    if (f.size === null) exact = false;
    else bytes += f.size;
  }
  return { bytes, exact };
}
