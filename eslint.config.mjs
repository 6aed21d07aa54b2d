// Boundaries (docs/architecture.md): only src/extension imports vscode; only src/inference imports
// native or model libraries; src/webview is browser code that imports types from src/core and values only from allowlisted pure modules.
import tseslint from 'typescript-eslint';

const modelLibraries = ['node-llama-cpp', '@huggingface/transformers', 'onnxruntime-node', 'onnxruntime-common', 'onnxruntime-web', 'sharp', 'vectra'];
const vscodeRule = { name: 'vscode', message: 'Only src/extension/** may import vscode.' };
const modelRules = modelLibraries.map((name) => ({
  name,
  message: 'Only src/inference/** may import native or model libraries.',
}));

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', 'test/fixtures/generated/**', '.e2e/**', 'test-results/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'warn',
    },
  },
  {
    files: ['src/core/**/*.ts', 'src/cli/**/*.ts'],
    rules: { '@typescript-eslint/no-restricted-imports': ['error', { paths: [vscodeRule, ...modelRules] }] },
  },
  {
    files: ['src/inference/**/*.ts'],
    rules: { '@typescript-eslint/no-restricted-imports': ['error', { paths: [vscodeRule] }] },
  },
  {
    files: ['src/extension/**/*.ts'],
    rules: { '@typescript-eslint/no-restricted-imports': ['error', { paths: modelRules }] },
  },
  {
    files: ['src/webview/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [vscodeRule, ...modelRules],
          // Types from anywhere in src/core; values only from the allowlisted pure modules, which
          // import nothing, so the browser bundle never pulls in Node code.
          patterns: [
            {
              regex: '^(\\.\\./)+core/(?!models/formatBytes$|notes/ask/citations$|notes/ask/extractive$)',
              allowTypeImports: true,
              message: 'The webview imports only types from src/core, and values from core/models/formatBytes and core/notes/ask/{citations,extractive}.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['test/**/*.ts', 'bench/**/*.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
);
