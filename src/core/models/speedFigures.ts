// Speed figures for people, side by side: one column per model, one row per figure, the same grid
// printed as padded text by `local-focus models bench` and as a Markdown table by Compare Models….
// A figure a run did not measure shows as "-", never as 0: 0 would read as a measurement.
import type { ModelBenchRun } from '../modelsProtocol';
import { formatBytes } from './formatBytes';
import type { SpeedFigures } from './modelSpeed';

const NOT_MEASURED = '-';

/** The rows, in the order a reader compares them: waiting first, then speed, then memory. */
const ROWS: { label: string; figure: (f: SpeedFigures) => string }[] = [
  { label: 'load', figure: (f) => ms(f.loadMs) },
  { label: 'first token', figure: (f) => ms(f.ttftMs) },
  { label: 'prompt', figure: (f) => rate(f.promptTokensPerSecond) },
  { label: 'generation', figure: (f) => rate(f.genTokensPerSecond) },
  { label: 'peak RSS', figure: (f) => (f.peakRssBytes === undefined ? NOT_MEASURED : formatBytes(f.peakRssBytes)) },
  { label: 'GPU layers', figure: (f) => (f.gpuLayers === undefined ? NOT_MEASURED : `${f.gpuLayers}${f.totalLayers === undefined ? '' : `/${f.totalLayers}`}`) },
  { label: 'VRAM', figure: (f) => (f.vramBytes === undefined ? NOT_MEASURED : formatBytes(f.vramBytes)) },
];

export function ms(value: number | undefined): string {
  return value === undefined ? NOT_MEASURED : `${Math.round(value)} ms`;
}

export function rate(tokensPerSecond: number | undefined): string {
  if (tokensPerSecond === undefined) return NOT_MEASURED;
  return `${tokensPerSecond >= 100 ? Math.round(tokensPerSecond) : tokensPerSecond.toFixed(1)} tok/s`;
}

/** Header row (the model names), then one row per figure, then the output's first line. */
export function speedGrid(runs: readonly ModelBenchRun[]): string[][] {
  const grid = [['', ...runs.map((r) => r.name)]];
  for (const row of ROWS) grid.push([row.label, ...runs.map((r) => (r.error ? NOT_MEASURED : row.figure(r.figures)))]);
  grid.push(['backend', ...runs.map((r) => r.backend ?? NOT_MEASURED)]);
  grid.push(['output', ...runs.map((r) => (r.error ? `failed: ${r.error}` : r.firstLine))]);
  return grid;
}

/** Columns padded to their widest cell, two spaces apart. */
export function gridAsText(grid: readonly string[][]): string {
  const widths = grid[0]!.map((_, column) => Math.max(...grid.map((row) => (row[column] ?? '').length)));
  return grid.map((row) => row.map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column]!))).join('  ').trimEnd()).join('\n') + '\n';
}

/** A Markdown table; pipes and line breaks in cells (a model's output) are escaped. */
export function gridAsMarkdown(grid: readonly string[][]): string {
  const cell = (text: string) => text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/[\r\n]+/g, ' ');
  const line = (row: readonly string[]) => `| ${row.map(cell).join(' | ')} |`;
  const [header, ...rows] = grid;
  return [line(header!), `|${header!.map(() => ' --- ').join('|')}|`, ...rows.map(line)].join('\n') + '\n';
}
