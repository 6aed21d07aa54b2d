// Where tests find the small real model files (../shared/models/README.md): the folder `shared`
// beside the repository root, i.e. `<repo>/../shared/models`, found from this file's own place so
// that any clone works, wherever it is (CI clones elsewhere and puts a copy of shared/ beside it).
// LOCAL_FOCUS_SHARED_MODELS names another models folder. Never an absolute path of one machine.
//
// Plain CommonJS, so that the .ts tests and the plain-Node .mjs scripts (the fixture generator,
// the e2e tier) share this one definition.
/* eslint-disable @typescript-eslint/no-require-imports -- CommonJS, shared by .mjs and .ts callers */
'use strict';

const fs = require('node:fs');
const path = require('node:path');

const SHARED_MODELS_ENV = 'LOCAL_FOCUS_SHARED_MODELS';
const repoRoot = path.resolve(__dirname, '..', '..');
const sharedModelsDir = process.env[SHARED_MODELS_ENV] || path.join(repoRoot, '..', 'shared', 'models');

/** The files the tests use, relative to the shared models folder. */
const STORIES_260K = 'stories260K/stories260K.gguf';
const LLAMA2_TINY_RANDOM = 'llama-2-tiny-random/llama-2-tiny-random.gguf';
const MINILM_TOKENIZER = 'all-MiniLM-L6-v2-tokenizer';
const MODELS_README = 'README.md';

/**
 * The absolute path of `relativePath` inside the shared models folder. Throws when nothing is
 * there, naming the path it looked for and how to provide it: a missing folder otherwise shows up
 * as an ENOENT deep inside a test, or as a model server answering 404.
 */
function sharedModel(relativePath) {
  const file = path.join(sharedModelsDir, relativePath);
  if (!fs.existsSync(file)) {
    const where = process.env[SHARED_MODELS_ENV]
      ? `in ${SHARED_MODELS_ENV}=${process.env[SHARED_MODELS_ENV]}`
      : `in shared/models, in the folder "shared" beside the repository root ${repoRoot}`;
    throw new Error(
      `shared test model missing: ${file} does not exist. The tests look for the small model files ` +
        `(../shared/models/README.md) ${where}; put a copy of shared/ beside the repository, ` +
        `or set ${SHARED_MODELS_ENV} to a folder laid out like shared/models.`,
    );
  }
  return file;
}

module.exports = { SHARED_MODELS_ENV, repoRoot, sharedModelsDir, STORIES_260K, LLAMA2_TINY_RANDOM, MINILM_TOKENIZER, MODELS_README, sharedModel };
