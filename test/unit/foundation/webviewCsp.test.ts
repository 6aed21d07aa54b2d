// Security of the webviews: every webview the extension creates is listed here and its HTML is
// parsed: one Content-Security-Policy, nothing runs but the bundled script carrying this render's
// nonce, styles/images/fonts only from the extension's own files, no remote origin, no inline
// handlers. Then the Model Manager's real browser code (src/webview/main.ts, bundled with esbuild
// as the build does) runs on a small fake DOM and draws a hostile user catalog entry: the markup
// in its name must come out as text, never as elements.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vm from 'node:vm';
import * as esbuild from 'esbuild';
import { BUILTIN_CATALOG } from '../../../src/core/models/catalog';
import { mergeUserCatalog } from '../../../src/core/models/userCatalog';
import type { ModelListResult, ModelView } from '../../../src/core/modelsProtocol';
import type { HostToWebview, WebviewToHost } from '../../../src/core/webviewProtocol';
import { compareModelsHtml } from '../../../src/extension/compareModelsHtml';
import { askNotesHtml } from '../../../src/extension/notes/askNotesHtml';
import type { AskHostToPanel, AskPanelState, AskPanelToHost } from '../../../src/core/notes/ask/askPanelProtocol';
import { modelManagerHtml, type WebviewHtmlSources } from '../../../src/extension/modelManagerHtml';

const root = path.resolve(__dirname, '..', '..', '..');

// What VS Code passes: cspSource is itself a wildcard https origin, which is exactly why it is the
// only remote-looking source a policy may name. Desktop VS Code gives one source; code-server
// (seen in test/e2e/security.e2e.mjs) gives "'self' https://*.vscode-cdn.net".
const SOURCES: WebviewHtmlSources = {
  cspSource: 'https://*.vscode-cdn.net',
  scriptUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/local-focus/dist/webview.js',
  styleUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/local-focus/media/modelManager.css',
};
const CODE_SERVER_SOURCES: WebviewHtmlSources = { ...SOURCES, cspSource: "'self' https://*.vscode-cdn.net" };

/** Every webview of the extension: the file that sets its html and the pure builder under test. */
const WEBVIEWS: { file: string; builder: string; render: (sources: WebviewHtmlSources, nonce?: string) => string }[] = [
  { file: 'src/extension/modelManagerView.ts', builder: 'modelManagerHtml', render: (sources, nonce) => modelManagerHtml(sources, nonce) },
  { file: 'src/extension/notes/askNotesPanel.ts', builder: 'askNotesHtml', render: (sources, nonce) => askNotesHtml(sources, nonce) },
];

/** Webviews that run no script at all: the same rules, and a policy that allows no script. */
const SCRIPTLESS_WEBVIEWS: { file: string; builder: string; render: (sources: WebviewHtmlSources) => string }[] = [
  {
    file: 'src/extension/compareModels.ts',
    builder: 'compareModelsHtml',
    render: (sources) =>
      compareModelsHtml(sources, {
        roleLabel: 'Review',
        prompt: '</pre><script>alert(1)</script>',
        runs: [{ id: 'a', name: '<b onclick=x()>', kind: 'in-process', figures: { loadMs: 1 }, tokens: 1, firstLine: '<script>alert(2)</script>' }],
      }),
  },
];

// ---------- a small HTML tag reader (our own pages are simple; enough to see tags and attributes)

interface Tag {
  name: string;
  attrs: Map<string, string>;
  /** Text up to the matching close tag, for <script> and <style>. */
  body?: string;
  index: number;
}

function decodeEntities(s: string): string {
  return s
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

function readTags(html: string): Tag[] {
  const tags: Tag[] = [];
  const tagRe = /<([a-zA-Z][\w-]*)((?:\s+[^\s=>/]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>"']+))?)*)\s*\/?>/g;
  for (let m = tagRe.exec(html); m; m = tagRe.exec(html)) {
    const attrs = new Map<string, string>();
    const attrRe = /([^\s=>/]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>"']+)))?/g;
    for (let a = attrRe.exec(m[2] ?? ''); a; a = attrRe.exec(m[2] ?? '')) {
      const name = a[1]!.toLowerCase();
      assert.ok(!attrs.has(name), `duplicate attribute ${name} on <${m[1]}>`);
      attrs.set(name, decodeEntities(a[2] ?? a[3] ?? a[4] ?? ''));
    }
    const name = m[1]!.toLowerCase();
    const tag: Tag = { name, attrs, index: m.index };
    if (name === 'script' || name === 'style') {
      const close = html.toLowerCase().indexOf(`</${name}>`, tagRe.lastIndex);
      assert.ok(close >= 0, `<${name}> is not closed`);
      tag.body = html.slice(tagRe.lastIndex, close);
      tagRe.lastIndex = close;
    }
    tags.push(tag);
  }
  return tags;
}

function parseCsp(policy: string): Map<string, string[]> {
  const directives = new Map<string, string[]>();
  for (const part of policy.split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/).filter(Boolean);
    if (!name) continue;
    assert.ok(!directives.has(name.toLowerCase()), `directive ${name} appears twice`);
    directives.set(name.toLowerCase(), sources);
  }
  return directives;
}

/** The page's one policy: before anything it governs, in <head>, and default-src 'none'. */
function readPolicy(html: string, tags: Tag[]): { meta: Tag; csp: Map<string, string[]> } {
  const cspMetas = tags.filter((t) => t.name === 'meta' && t.attrs.get('http-equiv')?.toLowerCase() === 'content-security-policy');
  assert.equal(cspMetas.length, 1, 'exactly one Content-Security-Policy meta');
  const meta = cspMetas[0]!;
  const firstLoad = tags.find((t) => t.name === 'script' || t.name === 'link' || t.name === 'style' || t.name === 'img');
  assert.ok(firstLoad === undefined || meta.index < firstLoad.index, 'the policy comes before anything it governs');
  const bodyAt = html.toLowerCase().indexOf('<body');
  assert.ok(bodyAt < 0 || meta.index < bodyAt, 'the policy is in <head>');
  const csp = parseCsp(meta.attrs.get('content') ?? '');
  assert.deepEqual(csp.get('default-src'), ["'none'"], "default-src 'none'");
  return { meta, csp };
}

/** Stylesheets are the extension's own; no inline style, handler or javascript: URL. */
function checkNothingInline(tags: Tag[], sources: WebviewHtmlSources): void {
  for (const l of tags.filter((t) => t.name === 'link')) assert.equal(l.attrs.get('href'), sources.styleUri, 'stylesheets are the extension\'s own');
  assert.equal(tags.filter((t) => t.name === 'style').length, 0, 'no inline <style> (style-src has no unsafe-inline)');
  for (const t of tags) {
    for (const [name, value] of t.attrs) {
      assert.ok(!/^on/.test(name), `inline event handler ${name}= on <${t.name}>`);
      assert.ok(name !== 'style', `inline style on <${t.name}>`);
      assert.doesNotMatch(value, /^\s*javascript:/i, `javascript: URL in ${name} of <${t.name}>`);
    }
  }
}

/** A page that runs nothing: no <script>, and script-src absent (default-src 'none' covers it) or 'none'. */
function checkScriptlessPage(html: string, sources: WebviewHtmlSources): void {
  const tags = readTags(html);
  const { csp } = readPolicy(html, tags);
  const own = new Set([...sources.cspSource.split(/\s+/), "'self'", "'none'"]);
  for (const [name, list] of csp) {
    for (const source of list) assert.ok(name === 'script-src' || own.has(source), `${name} allows ${source}: only the webview's own resources may load`);
  }
  checkNothingInline(tags, sources);
  const scriptSrc = csp.get('script-src');
  assert.ok(scriptSrc === undefined || scriptSrc.join(' ') === "'none'", `script-src ${scriptSrc?.join(' ')} on a page that runs no script`);
  assert.equal(tags.filter((t) => t.name === 'script').length, 0, 'no <script> on a page that runs none');
}

/** Checks one rendered page and returns the nonce it uses. */
function checkPage(html: string, sources: WebviewHtmlSources): string {
  const tags = readTags(html);
  const { meta, csp } = readPolicy(html, tags);

  const scriptSrc = csp.get('script-src');
  assert.ok(scriptSrc && scriptSrc.length > 0, 'script-src is set (else it falls back to default-src)');
  const nonces = new Set<string>();
  for (const s of scriptSrc) {
    const m = /^'nonce-([A-Za-z0-9+/_-]+={0,2})'$/.exec(s);
    assert.ok(m, `script-src allows only a nonce, not ${s}`);
    nonces.add(m[1]!);
  }
  assert.equal(nonces.size, 1, 'one nonce per page');
  const nonce = [...nonces][0]!;
  assert.ok(Buffer.from(nonce, 'base64').length >= 16, `nonce ${nonce} carries at least 128 bits`);

  // Every other directive: the extension's own files (cspSource), 'self', this nonce or 'none'.
  const own = sources.cspSource.split(/\s+/);
  const allowed = new Set([...own, "'self'", `'nonce-${nonce}'`, "'none'"]);
  for (const [name, list] of csp) {
    if (name === 'default-src' || name === 'script-src') continue;
    for (const s of list) {
      assert.ok(allowed.has(s), `${name} allows ${s}: only the webview's own resources may load`);
    }
  }
  for (const name of ['style-src', 'img-src', 'font-src']) {
    const list = csp.get(name);
    if (list) assert.ok(!list.some((s) => /unsafe|^\*$|^https?:$|^data:$|^blob:$/.test(s)), `${name}: ${list.join(' ')}`);
  }
  const policyText = meta.attrs.get('content')!;
  assert.doesNotMatch(policyText, /'unsafe-(inline|eval|hashes)'|'wasm-unsafe-eval'|'strict-dynamic'/);
  const remote = policyText.split(/[\s;]+/).filter((s) => /^(https?:|wss?:|\*|[\w.-]+\.[a-z]{2,}(:\d+)?(\/|$))/i.test(s) && !own.includes(s));
  assert.deepEqual(remote, [], 'no remote origin in the policy');

  // Every script carries the nonce and loads the bundled file; none is inline.
  const scripts = tags.filter((t) => t.name === 'script');
  assert.ok(scripts.length >= 1, 'the page loads its script');
  for (const s of scripts) {
    assert.equal(s.attrs.get('nonce'), nonce, '<script> carries the policy nonce');
    assert.equal(s.attrs.get('src'), sources.scriptUri, '<script> loads the bundled webview.js');
    assert.equal((s.body ?? '').trim(), '', 'no inline script');
  }
  checkNothingInline(tags, sources);
  return nonce;
}

describe('webview Content-Security-Policy', function () {
  it('lists every webview the extension creates', function () {
    const found: string[] = [];
    const walk = (dir: string) => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) walk(p);
        else if (e.name.endsWith('.ts') && /createWebviewPanel|registerWebviewViewProvider|registerCustomEditorProvider|registerWebviewPanelSerializer|\.html\s*=/.test(fs.readFileSync(p, 'utf8'))) {
          found.push(path.relative(root, p).split(path.sep).join('/'));
        }
      }
    };
    walk(path.join(root, 'src', 'extension'));
    const listed = [...WEBVIEWS, ...SCRIPTLESS_WEBVIEWS];
    assert.deepEqual(found.sort(), listed.map((w) => w.file).sort(), 'a new webview must be added to WEBVIEWS (or SCRIPTLESS_WEBVIEWS) so its policy is checked');
    for (const w of listed) {
      const text = fs.readFileSync(path.join(root, w.file), 'utf8');
      const assignments = text.match(/\.html\s*=\s*([^;]+);/g) ?? [];
      assert.ok(assignments.length > 0, `${w.file} sets no html`);
      // The html is set from the builder under test (directly or through one private method calling it).
      assert.ok(text.includes(`${w.builder}(`), `${w.file} builds its html with ${w.builder}`);
      assert.doesNotMatch(text, /Content-Security-Policy/, `${w.file} writes its own policy instead of using ${w.builder}`);
    }
    console.log(`webview CSP: ${listed.length} webview(s) found in src/extension, each built by a checked pure function`);
  });

  for (const w of WEBVIEWS) {
    it(`${w.file}: nonce-only scripts, own resources only, no inline handlers`, function () {
      const renders = new Set<string>();
      for (let i = 0; i < 20; i++) renders.add(checkPage(w.render(SOURCES), SOURCES));
      for (let i = 0; i < 20; i++) renders.add(checkPage(w.render(CODE_SERVER_SOURCES), CODE_SERVER_SOURCES));
      assert.equal(renders.size, 40, 'a new random nonce on every render');
    });

    it(`${w.file}: a hostile script URI or nonce cannot break out of its attribute`, function () {
      const hostile = { ...SOURCES, scriptUri: 'x"><script>alert(1)</script><script src="y', styleUri: "s' onload='alert(2)" };
      const html = w.render(SOURCES, 'AAAAAAAAAAAAAAAAAAAAAA==');
      assert.equal(readTags(html).filter((t) => t.name === 'script').length, 1);
      const hostileHtml = w.render(hostile, 'AAAAAAAAAAAAAAAAAAAAAA==');
      const tags = readTags(hostileHtml);
      assert.equal(tags.filter((t) => t.name === 'script').length, 1, 'the quote in the URI did not open a second <script>');
      assert.equal(tags.find((t) => t.name === 'script')!.attrs.get('src'), hostile.scriptUri);
      assert.ok(!tags.some((t) => [...t.attrs.keys()].some((k) => k.startsWith('on'))));
    });
  }

  for (const w of SCRIPTLESS_WEBVIEWS) {
    it(`${w.file}: no script allowed or present, own resources only, hostile text stays text`, function () {
      checkScriptlessPage(w.render(SOURCES), SOURCES);
      checkScriptlessPage(w.render(CODE_SERVER_SOURCES), CODE_SERVER_SOURCES);
      const hostile = { ...SOURCES, styleUri: `s" onload="alert(3)` };
      const tags = readTags(w.render(hostile));
      assert.ok(!tags.some((t) => [...t.attrs.keys()].some((k) => k.startsWith('on'))), 'a quote in the style URI did not add a handler');
      // The checker must be able to fail on such a page.
      const good = w.render(SOURCES);
      assert.throws(() => checkScriptlessPage(good.replace('</body>', '<script>alert(1)</script></body>'), SOURCES), assert.AssertionError);
      assert.throws(() => checkScriptlessPage(good.replace("default-src 'none'", "default-src 'none'; script-src 'unsafe-inline'"), SOURCES), assert.AssertionError);
    });
  }

  it('the checks fail for a page that breaks the rules', function () {
    // The checker itself must be able to fail: a page with each fault is rejected.
    const good = modelManagerHtml(SOURCES, 'AAAAAAAAAAAAAAAAAAAAAA==');
    const faults: [string, string][] = [
      ['unsafe-inline', good.replace("script-src 'nonce-", "script-src 'unsafe-inline' 'nonce-")],
      ['remote script host', good.replace("script-src 'nonce-", "script-src https://cdn.example.com 'nonce-")],
      ['remote image', good.replace('img-src https://*.vscode-cdn.net', 'img-src https://*.vscode-cdn.net https:')],
      ['no default-src none', good.replace("default-src 'none'; ", '')],
      ['script without nonce', good.replace(' nonce="AAAAAAAAAAAAAAAAAAAAAA=="', '')],
      ['inline handler', good.replace('<main id="root">', '<main id="root" onclick="x()">')],
      ['two policies', good.replace('<meta name="viewport"', '<meta http-equiv="Content-Security-Policy" content="default-src *"><meta name="viewport"')],
      ['short nonce', good.replace(/AAAAAAAAAAAAAAAAAAAAAA==/g, 'abc')],
      ['inline script', good.replace('</body>', '<script nonce="AAAAAAAAAAAAAAAAAAAAAA==">alert(1)</script></body>')],
    ];
    for (const [what, html] of faults) {
      assert.notEqual(html, good, `fault "${what}" was not applied`);
      assert.throws(() => checkPage(html, SOURCES), assert.AssertionError, `a page with ${what} passed`);
    }
    console.log(`webview CSP: ${faults.length} faulty pages rejected by the checker`);
  });
});

// ---------- the model manager's browser code on a fake DOM

class FakeNode {
  parent: FakeElement | undefined;
}

class FakeText extends FakeNode {
  constructor(public data: string) {
    super();
  }
}

/** Records what the page code does; innerHTML and friends are recorded so a test sees any use. */
class FakeElement extends FakeNode {
  readonly children: FakeNode[] = [];
  readonly attributes = new Map<string, string>();
  readonly listeners = new Map<string, (() => void)[]>();
  [prop: string]: unknown;
  constructor(
    readonly tagName: string,
    private readonly doc: FakeDocument,
  ) {
    super();
  }
  setAttribute(k: string, v: string): void {
    this.attributes.set(k.toLowerCase(), String(v));
  }
  getAttribute(k: string): string | null {
    return this.attributes.get(k.toLowerCase()) ?? null;
  }
  append(...nodes: (FakeNode | string)[]): void {
    for (const n of nodes) {
      const node = typeof n === 'string' ? new FakeText(n) : n;
      node.parent = this;
      this.children.push(node);
    }
  }
  replaceChildren(...nodes: (FakeNode | string)[]): void {
    this.children.length = 0;
    this.append(...nodes);
  }
  get textContent(): string {
    return this.children.map((c) => (c instanceof FakeText ? c.data : (c as FakeElement).textContent)).join('');
  }
  set textContent(v: string) {
    this.replaceChildren(new FakeText(String(v)));
  }
  set innerHTML(v: string) {
    this.doc.htmlWrites.push(String(v));
  }
  set outerHTML(v: string) {
    this.doc.htmlWrites.push(String(v));
  }
  insertAdjacentHTML(_where: string, v: string): void {
    this.doc.htmlWrites.push(String(v));
  }
  addEventListener(type: string, fn: () => void): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), fn]);
  }
  focus(): void {
    this.doc.activeElement = this;
  }
  querySelector(selector: string): FakeElement | null {
    const m = /^\[data-focus="(.*)"\]$/.exec(selector);
    if (!m) throw new Error(`fake DOM: unsupported selector ${selector}`);
    return this.all().find((e) => e.getAttribute('data-focus') === m[1]) ?? null;
  }
  all(): FakeElement[] {
    return this.children.flatMap((c) => (c instanceof FakeElement ? [c, ...c.all()] : []));
  }
  texts(): string[] {
    return this.children.flatMap((c) => (c instanceof FakeText ? [c.data] : (c as FakeElement).texts()));
  }
  /** What a browser's outerHTML would say: text and attribute values escaped. */
  serialize(): string {
    const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
    const attrs = [...this.attributes].map(([k, v]) => ` ${k}="${esc(v).replace(/"/g, '&quot;')}"`).join('');
    const inner = this.children.map((c) => (c instanceof FakeText ? esc(c.data) : (c as FakeElement).serialize())).join('');
    return `<${this.tagName}${attrs}>${inner}</${this.tagName}>`;
  }
}

class FakeDocument {
  readonly htmlWrites: string[] = [];
  activeElement: FakeElement | null = null;
  readonly root = new FakeElement('main', this);
  createElement(tag: string): FakeElement {
    return new FakeElement(tag.toLowerCase(), this);
  }
  createTextNode(text: string): FakeText {
    return new FakeText(String(text));
  }
  getElementById(id: string): FakeElement | null {
    return id === 'root' ? this.root : null;
  }
  write(v: string): void {
    this.htmlWrites.push(String(v));
  }
}

const PAYLOADS = ['<img src=x onerror=alert(1)>', '"><script>alert(2)</script>', '<svg/onload=alert(3)>', "'><iframe srcdoc='<script>alert(4)</script>'>"];

function hostileModelView(entryName: string, publisher: string, license: string, id: string): ModelView {
  return {
    id,
    name: entryName,
    roles: ['task-parsing', 'review'],
    publisher,
    trust: 'community',
    verified: false,
    origin: 'user',
    format: 'gguf',
    quantization: PAYLOADS[1]!,
    parameters: PAYLOADS[2]!,
    contextLength: 4096,
    license,
    sizeBytes: 1_000_000,
    sizeExact: true,
    state: 'failed',
    reason: `download failed: ${PAYLOADS[0]}`,
    bytes: 10,
    memory: { verdict: 'fits', totalBytes: 2e9, weightsBytes: 1e9, kvCacheBytes: 1, overheadBytes: 1, contextSize: 4096, budgetBytes: 9e9, remainingBytes: 9e9, sentence: PAYLOADS[3]!, shapeSource: 'catalog' },
    path: `/models/${PAYLOADS[0]}.gguf`,
    usedFor: [],
  };
}

describe('model manager webview: hostile catalog text is drawn as text', function () {
  let bundle: string;

  before(async function () {
    this.timeout(30_000);
    // The same bundle options as esbuild.mjs's webview entry, kept in memory.
    const out = await esbuild.build({ entryPoints: [path.join(root, 'src', 'webview', 'main.ts')], bundle: true, write: false, platform: 'browser', format: 'iife', target: 'es2022', logLevel: 'silent' });
    bundle = out.outputFiles[0]!.text;
  });

  it('src/webview never builds markup from strings', function () {
    const dir = path.join(root, 'src', 'webview');
    for (const f of fs.readdirSync(dir).filter((n) => n.endsWith('.ts'))) {
      const code = fs.readFileSync(path.join(dir, f), 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
      assert.doesNotMatch(code, /\.(innerHTML|outerHTML)\s*[+]?=|insertAdjacentHTML|document\.write|\beval\s*\(|new\s+Function\s*\(|srcdoc|DOMParser|createContextualFragment/, `${f} builds HTML from a string`);
    }
  });

  it('a user catalog entry named <img src=x onerror=alert(1)> shows its name as text, and no element or handler comes from it', function () {
    // The entry goes through the real user-catalog merge, so these strings are ones the worker would send.
    const userCatalog = {
      models: [
        {
          id: 'evil-model',
          name: PAYLOADS[0],
          roles: ['task-parsing', 'review'],
          publisher: PAYLOADS[1],
          trust: 'community',
          format: 'gguf',
          quantization: 'Q4_K_M',
          parameters: '1B',
          contextLength: 4096,
          license: PAYLOADS[2],
          files: [{ name: 'evil.gguf', url: 'https://example.org/evil.gguf', size: 1000000, sha256: null }],
        },
      ],
    };
    const merged = mergeUserCatalog(BUILTIN_CATALOG, userCatalog);
    const entry = merged.entries.find((e) => e.id === 'evil-model');
    assert.ok(entry, `the hostile entry was accepted by the catalog merge: ${merged.warnings.join(' ')}`);
    assert.equal(entry.name, PAYLOADS[0]);

    const model = hostileModelView(entry.name, entry.publisher, entry.license, entry.id);
    const second: ModelView = { ...model, id: 'evil-two', name: PAYLOADS[3]!, state: 'ready', usedFor: ['review'] };
    const list: ModelListResult = {
      models: [model, second],
      roles: [{ role: 'review', label: 'Code review', path: `/m/${PAYLOADS[1]}`, modelId: 'evil-two', present: true, configured: true }, { role: 'task-parsing', label: 'Task parsing', path: `/m/${PAYLOADS[0]}`, present: false, configured: true }],
      modelsDir: `/home/u/${PAYLOADS[2]}`,
      catalogFile: '/home/u/catalog.json',
      warnings: [...merged.warnings, `User catalog: ${PAYLOADS[0]} was skipped`],
      device: {
        totalRamBytes: 16e9, freeRamBytes: 8e9, budgetPercent: 60, budgetBytes: 9.6e9, loadedBytes: 0, remainingBytes: 9.6e9,
        cores: 8, cpuModel: PAYLOADS[3]!, threads: 8, platform: 'linux', arch: 'x64',
        gpu: { backend: 'cuda', devices: [PAYLOADS[0]!] },
      },
    };

    const doc = new FakeDocument();
    const posted: WebviewToHost[] = [];
    // Messages come from another realm (the vm context): compare them as JSON.
    const post = (m: WebviewToHost) => posted.push(JSON.parse(JSON.stringify(m)) as WebviewToHost);
    let onMessage: ((e: { data: HostToWebview }) => void) | undefined;
    const context = vm.createContext({
      document: doc,
      window: { addEventListener: (type: string, fn: (e: { data: HostToWebview }) => void) => type === 'message' && (onMessage = fn) },
      CSS: { escape: (s: string) => s.replace(/["\\]/g, '\\$&') },
      acquireVsCodeApi: () => ({ postMessage: post, setState: () => undefined, getState: () => undefined }),
      console,
    });
    vm.runInContext(bundle, context, { filename: 'webview.js' });
    assert.ok(onMessage, 'the page listens for host messages');
    assert.deepEqual(posted, [{ type: 'ready' }]);
    onMessage({ data: { type: 'models', list } });
    onMessage({ data: { type: 'workerDown', reason: PAYLOADS[1]! } });
    onMessage({ data: { type: 'progress', progress: { requestId: 'models/download:evil-model', modelId: 'evil-model', state: 'failed', bytes: 1, totalBytes: null, speed: 0, etaSeconds: null, reason: PAYLOADS[2]! } } });

    const elements = doc.root.all();
    assert.ok(elements.length > 20, `the page drew the list (${elements.length} elements)`);
    const drawnTags = new Set(elements.map((e) => e.tagName));
    for (const bad of ['img', 'script', 'svg', 'iframe', 'object', 'embed', 'style', 'link', 'a', 'form']) assert.ok(!drawnTags.has(bad), `a <${bad}> element was created`);
    for (const e of elements) for (const k of e.attributes.keys()) assert.ok(!k.startsWith('on'), `an ${k} attribute was set on <${e.tagName}>`);
    assert.deepEqual(doc.htmlWrites, [], 'no HTML string was written into the page');

    const texts = doc.root.texts();
    const shownAsText = PAYLOADS.filter((p) => texts.some((t) => t.includes(p)));
    assert.deepEqual(shownAsText, PAYLOADS, 'every hostile string is on screen verbatim, as text');
    assert.ok(texts.includes(PAYLOADS[0]), 'the model name is the heading text');
    const html = doc.root.serialize();
    for (const needle of ['<img', '<script', '<svg', '<iframe']) assert.ok(!html.includes(needle), `the serialized page contains ${needle}`);

    // A button of the hostile card posts the catalog id, a plain value the host checks again.
    const download = elements.find((e) => e.tagName === 'button' && e.getAttribute('data-focus')?.startsWith('task-parsing:evil-model:download'));
    assert.ok(download, 'the failed card offers Retry');
    download.listeners.get('click')!.forEach((fn) => fn());
    assert.deepEqual(posted.at(-1), { type: 'action', action: 'download', id: 'evil-model' });
    console.log(`webview XSS: ${PAYLOADS.length} hostile strings in ${list.models.length} catalog models drawn as text in ${elements.length} elements; 0 markup elements, 0 handlers, 0 HTML writes`);
  });

  it('a Hub search whose repository, author, licence, files, reasons and notes are markup shows them as text; Download posts the plain names back', function () {
    const doc = new FakeDocument();
    const posted: WebviewToHost[] = [];
    let onMessage: ((e: { data: HostToWebview }) => void) | undefined;
    const context = vm.createContext({
      document: doc,
      window: { addEventListener: (type: string, fn: (e: { data: HostToWebview }) => void) => type === 'message' && (onMessage = fn) },
      CSS: { escape: (s: string) => s.replace(/["\\]/g, '\\$&') },
      acquireVsCodeApi: () => ({ postMessage: (m: WebviewToHost) => posted.push(JSON.parse(JSON.stringify(m)) as WebviewToHost), setState: () => undefined, getState: () => undefined }),
      console,
    });
    vm.runInContext(bundle, context, { filename: 'webview.js' });
    const memory = hostileModelView('x', 'y', 'z', 'x').memory;
    const file = (name: string, extra: object = {}) => ({ name, quantization: PAYLOADS[1]!, sizeBytes: 5e8, parts: 1, verified: true, unhashed: [], memory, isDefault: true, modelId: 'hub-evil', ...extra });
    const search = {
      query: PAYLOADS[0]!,
      role: 'review' as const,
      hubUrl: 'https://huggingface.co',
      fetchedAt: '2026-01-01T00:00:00.000Z',
      stale: true,
      staleReason: PAYLOADS[2]!,
      notes: [PAYLOADS[3]!],
      repos: [
        {
          repo: 'evil/repo',
          author: PAYLOADS[0]!,
          trust: 'community' as const,
          downloads: 1,
          likes: 2,
          license: PAYLOADS[1]!,
          lastModified: null,
          gated: false as const,
          revision: 'main',
          notes: [PAYLOADS[2]!],
          files: [file(PAYLOADS[3]!), file(`${PAYLOADS[0]}.gguf`, { isDefault: false, refused: PAYLOADS[1]! })],
        },
      ],
    };
    const device = { totalRamBytes: 16e9, freeRamBytes: 8e9, budgetPercent: 60, budgetBytes: 9.6e9, loadedBytes: 0, remainingBytes: 9.6e9, cores: 8, cpuModel: 'cpu', threads: 8, platform: 'linux', arch: 'x64' };
    onMessage!({ data: { type: 'models', list: { models: [], roles: [], modelsDir: '/m', catalogFile: '/c.json', warnings: [], device } } });
    onMessage!({ data: { type: 'hub', panel: { search, busy: false, hubUrl: 'https://huggingface.co', error: PAYLOADS[2]!, offReason: PAYLOADS[3]! } } });
    const elements = doc.root.all();
    for (const bad of ['img', 'script', 'svg', 'iframe', 'object', 'embed', 'style', 'link', 'a', 'form']) assert.ok(!elements.some((e) => e.tagName === bad), `a <${bad}> element was created`);
    for (const e of elements) for (const k of e.attributes.keys()) assert.ok(!k.startsWith('on'), `an ${k} attribute was set on <${e.tagName}>`);
    assert.deepEqual(doc.htmlWrites, []);
    const texts = doc.root.texts().join('\n');
    for (const p of PAYLOADS) assert.ok(texts.includes(p), `${p} is on screen as text`);
    const download = elements.find((e) => e.tagName === 'button' && e.getAttribute('data-focus') === `hub:evil/repo:${PAYLOADS[3]}`);
    assert.ok(download, 'the addable file offers Download');
    assert.equal(elements.filter((e) => e.tagName === 'button' && e.getAttribute('data-focus')?.startsWith('hub:evil/repo:')).length, 1, 'the refused file offers none');
    download.listeners.get('click')!.forEach((fn) => fn());
    assert.deepEqual(posted.at(-1), { type: 'hubDownload', repo: 'evil/repo', file: PAYLOADS[3], role: 'review' });
  });
});

describe('Ask Notes panel: a hostile note and a hostile answer are drawn as text', function () {
  it('marks the question\'s words, links only citations of real passages, and posts the passage number back', async function () {
    this.timeout(30_000);
    const out = await esbuild.build({ entryPoints: [path.join(root, 'src', 'webview', 'askNotes.ts')], bundle: true, write: false, platform: 'browser', format: 'iife', target: 'es2022', logLevel: 'silent' });
    const doc = new FakeDocument();
    const posted: AskPanelToHost[] = [];
    let onMessage: ((e: { data: AskHostToPanel }) => void) | undefined;
    const context = vm.createContext({
      document: doc,
      window: { addEventListener: (type: string, fn: (e: { data: AskHostToPanel }) => void) => type === 'message' && (onMessage = fn) },
      acquireVsCodeApi: () => ({ postMessage: (m: AskPanelToHost) => posted.push(JSON.parse(JSON.stringify(m)) as AskPanelToHost) }),
      console,
    });
    vm.runInContext(out.outputFiles[0]!.text, context, { filename: 'askNotes.js' });
    assert.deepEqual(posted, [{ type: 'ready' }]);
    const text = `key ${PAYLOADS[0]} rotates`;
    const state: AskPanelState = {
      question: PAYLOADS[1]!,
      phase: 'done',
      passages: [{ n: 1, source: `${PAYLOADS[2]}.md:3`, heading: PAYLOADS[3]!, text, highlights: [[0, 3], [text.length - 7, text.length]] }],
      answer: `It rotates ${PAYLOADS[0]} [1]. Unchecked [9].`,
      answeredBy: 'a local model server',
      removedCitations: [],
    };
    onMessage!({ data: { type: 'state', state } });
    const elements = doc.root.all();
    for (const bad of ['img', 'script', 'svg', 'iframe', 'object', 'embed', 'style', 'link', 'form']) assert.ok(!elements.some((e) => e.tagName === bad), `a <${bad}> element was created`);
    for (const e of elements) for (const k of e.attributes.keys()) assert.ok(!k.startsWith('on'), `an ${k} attribute was set on <${e.tagName}>`);
    assert.deepEqual(doc.htmlWrites, []);
    const texts = doc.root.texts().join('');
    for (const p of PAYLOADS) assert.ok(texts.includes(p), `${p} is on screen as text`);
    const links = elements.filter((e) => e.tagName === 'a');
    assert.deepEqual(links.map((a) => [a.getAttribute('href'), a.getAttribute('data-n'), a.textContent]), [['#', '1', '[1]'], ['#', '1', `[1] ${PAYLOADS[2]}.md:3`]], 'a citation of no passage stays text');
    assert.ok(texts.includes('[9]'));
    links[0]!.listeners.get('click')!.forEach((fn) => (fn as unknown as (e: { preventDefault(): void }) => void)({ preventDefault: () => undefined }));
    assert.deepEqual(posted.at(-1), { type: 'open', n: 1 });

    onMessage!({ data: { type: 'state', state: { ...state, answer: undefined, answeredBy: undefined, extractiveNotice: 'No model answered (mode is Local only).' } } });
    const marks = doc.root.all().filter((e) => e.tagName === 'mark').map((e) => e.textContent);
    assert.deepEqual(marks, ['key', 'rotates']);
    assert.match(doc.root.texts().join(''), /No model answered \(mode is Local only\)\./);
  });
});
