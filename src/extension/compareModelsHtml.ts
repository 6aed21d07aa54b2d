// The Compare Models… panel's HTML, as a pure function (no vscode import) so a unit test can check
// it: the figures of a bench side by side in a table that follows the theme (media/modelComparison.css,
// --vscode-* colours). The panel runs no script at all, so its Content-Security-Policy allows none;
// styles come only from the extension's own files. Every cell is escaped: a model's output is text
// from a model and must not become markup.
import { speedGrid } from '../core/models/speedFigures';
import type { ModelBenchRun } from '../core/modelsProtocol';
import { attr as escapeHtml, webviewPage } from './modelManagerHtml';

export interface ComparisonHtmlSources {
  /** `webview.cspSource`: the origin of the extension's local resources inside the webview. */
  cspSource: string;
  /** `webview.asWebviewUri(media/modelComparison.css)`. */
  styleUri: string;
}

export interface ComparisonContent {
  roleLabel: string;
  prompt: string;
  runs: ModelBenchRun[];
}

export function compareModelsHtml(sources: ComparisonHtmlSources, content: ComparisonContent): string {
  const csp = ["default-src 'none'", `style-src ${sources.cspSource}`].join('; ');
  const [header, ...rows] = speedGrid(content.runs);
  const head = header!.map((cell) => `<th scope="col">${escapeHtml(cell)}</th>`).join('');
  const body = rows
    .map(([label, ...cells]) => `<tr><th scope="row">${escapeHtml(label!)}</th>${cells.map((c) => `<td>${escapeHtml(c)}</td>`).join('')}</tr>`)
    .join('\n');
  const page = `<h1>Compare Models: ${escapeHtml(content.roleLabel)}</h1>
<p>The same prompt on each model, one after another (each unloaded before the next loads). Figures are kept per machine in model-speed.json.</p>
<pre class="prompt">${escapeHtml(content.prompt)}</pre>
<table>
<thead><tr>${head}</tr></thead>
<tbody>
${body}
</tbody>
</table>`;
  return webviewPage({ csp, styleUri: sources.styleUri, title: 'Compare Models', body: page });
}
