// What the worker uses of Vectra, without its barrel: lib/index.js also loads OpenAI, gRPC and
// @huggingface/transformers (and so onnxruntime) at start-up, which the worker loads lazily itself.
// esbuild.mjs resolves `vectra` to this file for the bundles.
/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS shim esbuild bundles as is */
module.exports = {
  ...require('../node_modules/vectra/lib/LocalIndex.js'),
  ...require('../node_modules/vectra/lib/storage/LocalFileStorage.js'),
};
