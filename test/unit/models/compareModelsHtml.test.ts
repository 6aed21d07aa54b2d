// The Compare Models… panel: a policy that allows no script at all and styles only from the
// extension, every figure in the table, and a model's output escaped rather than run as markup.
import assert from 'node:assert/strict';
import type { ModelBenchRun } from '../../../src/core/modelsProtocol';
import { compareModelsHtml } from '../../../src/extension/compareModelsHtml';

const SOURCES = { cspSource: 'https://file+.vscode-resource.vscode-cdn.net', styleUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/media/modelComparison.css' };
const RUNS: ModelBenchRun[] = [
  { id: 'a', name: 'Model <A>', kind: 'in-process', backend: 'CPU', figures: { loadMs: 321, ttftMs: 45, genTokensPerSecond: 12.5 }, tokens: 9, firstLine: '<img src=x onerror=alert(1)>' },
  { id: 'http://127.0.0.1:11434#b', name: 'b', kind: 'server', backend: 'Ollama', figures: { ttftMs: 8 }, tokens: 2, firstLine: 'fine' },
];

describe('Compare Models panel HTML', function () {
  const html = compareModelsHtml(SOURCES, { roleLabel: 'Task parsing', prompt: 'TODO: x & y', runs: RUNS });

  it('allows no script and styles only from the extension', function () {
    const csp = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1];
    assert.equal(csp, `default-src 'none'; style-src ${SOURCES.cspSource}`);
    assert.doesNotMatch(html, /<script/i);
  });

  it('escapes model names, outputs and the prompt', function () {
    assert.doesNotMatch(html, /<img/);
    assert.match(html, /&lt;img src=x onerror=alert\(1\)&gt;/);
    assert.match(html, /<th scope="col">Model &lt;A&gt;<\/th>/);
    assert.match(html, /TODO: x &amp; y/);
  });

  it('puts each figure in its row, one column per model', function () {
    assert.match(html, /<tr><th scope="row">load<\/th><td>321 ms<\/td><td>-<\/td><\/tr>/);
    assert.match(html, /<tr><th scope="row">first token<\/th><td>45 ms<\/td><td>8 ms<\/td><\/tr>/);
    assert.match(html, /<tr><th scope="row">generation<\/th><td>12.5 tok\/s<\/td><td>-<\/td><\/tr>/);
  });
});
