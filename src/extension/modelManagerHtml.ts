// The Model Manager webview's HTML, as a pure function (no vscode import) so a unit test can check
// its Content-Security-Policy: nothing but the bundled script with this render's nonce may run, and
// styles, images and fonts come only from the extension's own files (the webview's cspSource).
import * as crypto from 'node:crypto';

export interface WebviewHtmlSources {
  /** `webview.cspSource`: the origin of the extension's local resources inside the webview. */
  cspSource: string;
  /** `webview.asWebviewUri(dist/webview.js)`. */
  scriptUri: string;
  /** `webview.asWebviewUri(media/modelManager.css)`. */
  styleUri: string;
}

/** 128 random bits, new for every render, so an injected <script> cannot guess it. */
export function newNonce(): string {
  return crypto.randomBytes(16).toString('base64');
}

/** Escaped for text and double-quoted attributes alike. */
export function attr(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function modelManagerHtml(sources: WebviewHtmlSources, nonce: string = newNonce()): string {
  const csp = [
    "default-src 'none'",
    `style-src ${sources.cspSource}`,
    `script-src 'nonce-${nonce}'`,
    // No data: images: the view draws none, and every scheme allowed is one more way in.
    `img-src ${sources.cspSource}`,
    `font-src ${sources.cspSource}`,
  ].join('; ');
  const body = `<main id="root">Loading…</main>
<script nonce="${attr(nonce)}" src="${attr(sources.scriptUri)}"></script>`;
  return webviewPage({ csp, styleUri: sources.styleUri, title: 'Model Manager', body });
}

/** A webview page: its policy first in <head>, then the extension's stylesheet, then `body` (already escaped). */
export function webviewPage(page: { csp: string; styleUri: string; title: string; body: string }): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${attr(page.csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${attr(page.styleUri)}">
<title>${attr(page.title)}</title>
</head>
<body>
${page.body}
</body>
</html>`;
}
