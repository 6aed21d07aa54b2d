// Builds the seven entry points. Native and model libraries stay external: they ship in
// node_modules inside the VSIX (see .vscodeignore) and are loaded lazily by the worker.
import * as esbuild from 'esbuild';
import { readFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));

const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');

/** Loaded only by the worker (and the CLI, which runs the worker's code in process). */
// vectra is plain JavaScript and is bundled; its barrel pulls in transformers, which stays external.
const modelLibraries = ['node-llama-cpp', '@huggingface/transformers', 'onnxruntime-node', 'onnxruntime-common', 'sharp'];

/** See scripts/vectra-lite.cjs: only LocalIndex and LocalFileStorage, not Vectra's whole barrel. */
const vectraLite = {
  name: 'vectra-lite',
  setup(build) {
    build.onResolve({ filter: /^vectra$/ }, () => ({ path: new URL('./scripts/vectra-lite.cjs', import.meta.url).pathname }));
  },
};

/**
 * For dist/cliTodos.js: the rules parser (chrono-node and its locales, three quarters of the
 * bundle) becomes its own bundle, dist/cliTodosRules.js, which only `todos --parse` loads. A plain
 * listing then starts without parsing it: bench/todos-cli.ts measured the load at about a third.
 */
const rulesApart = {
  name: 'rules-apart',
  setup(build) {
    build.onResolve({ filter: /\/parseTaskRules\.js$/ }, (args) => (args.importer.endsWith('todosListing.ts') ? { path: './cliTodosRules.js', external: true } : undefined));
  },
};

const common = {
  plugins: [vectraLite],
  bundle: true,
  sourcemap: !production,
  minify: production,
  logLevel: 'info',
  target: 'node20',
  platform: 'node',
  format: 'cjs',
  define: { __LOCAL_FOCUS_VERSION__: JSON.stringify(pkg.version) },
};

const builds = [
  { ...common, entryPoints: { extension: 'src/extension/extension.ts' }, outdir: 'dist', external: ['vscode'] },
  { ...common, entryPoints: { worker: 'src/inference/worker.ts' }, outdir: 'dist', external: modelLibraries },
  { ...common, entryPoints: { cli: 'src/cli/main.ts' }, outdir: 'dist', external: modelLibraries },
  // `local-focus todos` alone, loaded first by bin/local-focus.js (src/cli/todosFastPath.ts). The model
  // libraries are not external here but absent: the bundle must never reach them, and a test checks it.
  { ...common, plugins: [...common.plugins, rulesApart], entryPoints: { cliTodos: 'src/cli/todosFastPath.ts' }, outdir: 'dist' },
  { ...common, entryPoints: { cliTodosRules: 'src/core/tasks/parseTaskRules.ts' }, outdir: 'dist' },
  // The TODO scan's helper thread, started by the worker and the CLI (src/inference/scanHelper.ts).
  { ...common, entryPoints: { scanThread: 'src/inference/scanThread.ts' }, outdir: 'dist' },
  {
    ...common,
    // The Model Manager view's code and the Ask Notes panel's, one bundle each.
    entryPoints: { webview: 'src/webview/main.ts', askNotes: 'src/webview/askNotes.ts' },
    outdir: 'dist',
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
  },
];

if (watch) {
  for (const options of builds) {
    const ctx = await esbuild.context(options);
    await ctx.watch();
  }
  console.log('[esbuild] watching for changes');
} else {
  await Promise.all(builds.map((options) => esbuild.build(options)));
}
