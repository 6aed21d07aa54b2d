// Speed figures side by side: units, "-" for what was not measured (never 0), failed runs, and the
// Markdown table escaping a model's output.
import assert from 'node:assert/strict';
import { gridAsMarkdown, gridAsText, rate, speedGrid } from '../../../src/core/models/speedFigures';
import type { ModelBenchRun } from '../../../src/core/modelsProtocol';

const FAST: ModelBenchRun = {
  id: 'a',
  name: 'Model A',
  kind: 'in-process',
  backend: 'Vulkan',
  figures: { loadMs: 1234.4, ttftMs: 56.6, promptTokensPerSecond: 812.34, genTokensPerSecond: 42.25, peakRssBytes: 1_500_000_000, gpuLayers: 20, totalLayers: 33, vramBytes: 2_000_000_000 },
  tokens: 30,
  firstLine: 'Fix the | login',
};
const SERVER: ModelBenchRun = { id: 'server:b', name: 'b', kind: 'server', backend: 'Ollama', figures: { ttftMs: 9, genTokensPerSecond: 7.04 }, tokens: 3, firstLine: 'ok' };
const FAILED: ModelBenchRun = { id: 'c', name: 'C', kind: 'in-process', figures: {}, tokens: 0, firstLine: '', error: 'out of memory' };

describe('speed figures', function () {
  it('formats each figure with its unit, and "-" where it was not measured', function () {
    const grid = speedGrid([FAST, SERVER]);
    const row = (label: string) => grid.find((r) => r[0] === label)!.slice(1);
    assert.deepEqual(grid[0], ['', 'Model A', 'b']);
    assert.deepEqual(row('load'), ['1234 ms', '-']);
    assert.deepEqual(row('first token'), ['57 ms', '9 ms']);
    assert.deepEqual(row('prompt'), ['812 tok/s', '-']);
    assert.deepEqual(row('generation'), ['42.3 tok/s', '7.0 tok/s']);
    assert.deepEqual(row('peak RSS'), ['1.50 GB', '-']);
    assert.deepEqual(row('GPU layers'), ['20/33', '-']);
    assert.deepEqual(row('VRAM'), ['2.00 GB', '-']);
    assert.deepEqual(row('output'), ['Fix the | login', 'ok']);
  });

  it('shows a failed run with its reason and no figures', function () {
    const grid = speedGrid([FAILED]);
    assert.deepEqual(grid.find((r) => r[0] === 'load'), ['load', '-']);
    assert.deepEqual(grid.at(-1), ['output', 'failed: out of memory']);
  });

  it('pads text columns to the widest cell', function () {
    const lines = gridAsText(speedGrid([FAST, SERVER])).trimEnd().split('\n');
    const column = lines[0]!.indexOf('b');
    assert.ok(column > 0);
    assert.equal(lines.find((l) => l.startsWith('first token'))!.indexOf('9 ms'), column);
  });

  it('escapes pipes and line breaks in Markdown cells', function () {
    const markdown = gridAsMarkdown(speedGrid([{ ...FAST, firstLine: 'a|b\nc' }]));
    assert.match(markdown, /^\|  \| Model A \|\n\| --- \| --- \|\n/);
    assert.match(markdown, /\| output \| a\\\|b c \|/);
  });

  it('rounds fast rates and keeps a decimal on slow ones', function () {
    assert.equal(rate(1234.5), '1235 tok/s');
    assert.equal(rate(3.14159), '3.1 tok/s');
    assert.equal(rate(undefined), '-');
  });
});
