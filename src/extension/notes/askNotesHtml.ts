// The Ask Notes panel's HTML, as a pure function (no vscode import) so a unit test can check its
// Content-Security-Policy: nothing loads by default, the one script is the bundled panel code with
// this render's nonce, and styles come only from the extension's own files. The question and the
// answer are drawn by that script as text; the page itself holds no note text at all.
import { attr, newNonce, webviewPage, type WebviewHtmlSources } from '../modelManagerHtml';

export function askNotesHtml(sources: WebviewHtmlSources, nonce: string = newNonce()): string {
  const csp = ["default-src 'none'", `style-src ${sources.cspSource}`, `script-src 'nonce-${nonce}'`].join('; ');
  const body = `<div id="root"><p>Searching your notes…</p></div>
<script nonce="${attr(nonce)}" src="${attr(sources.scriptUri)}"></script>`;
  return webviewPage({ csp, styleUri: sources.styleUri, title: 'Ask Notes', body });
}
