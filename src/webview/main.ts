// Browser code of the model manager view. It renders what the host sends and posts user actions
// back; it imports only types from src/core.
import type { HostToWebview, WebviewToHost } from '../core/webviewProtocol';

declare function acquireVsCodeApi(): { postMessage(msg: WebviewToHost): void; setState(s: unknown): void; getState(): unknown };

const vscode = acquireVsCodeApi();
const root = document.getElementById('root')!;

function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  if (text !== undefined) node.textContent = text;
  return node;
}

function button(label: string, msg: WebviewToHost): HTMLButtonElement {
  const b = el('button', {}, label);
  b.addEventListener('click', () => vscode.postMessage(msg));
  return b;
}

function render(state: Extract<HostToWebview, { type: 'state' }>): void {
  root.replaceChildren();
  if (state.workerDown) root.append(el('p', { class: 'error', role: 'alert' }, `Inference process down: ${state.workerDown}`));
  root.append(el('h3', {}, 'Models'));
  const list = el('ul', { class: 'roles' });
  for (const r of state.roles) {
    const li = el('li');
    li.append(el('strong', {}, r.label), el('span', { class: r.present ? 'ok' : 'missing' }, r.present ? ' ready' : ' not downloaded'));
    li.append(el('div', { class: 'path', title: r.path }, r.path));
    list.append(li);
  }
  root.append(list);
  const loaded = state.status?.loadedModels ?? [];
  root.append(el('h3', {}, 'Loaded'));
  root.append(el('p', {}, loaded.length ? loaded.map((m) => `${m.path} (${m.loadMs} ms to load)`).join(', ') : 'No model in memory.'));
  root.append(el('p', { class: 'dir' }, `Models folder: ${state.modelsDir}`));
  const actions = el('div', { class: 'actions' });
  actions.append(button('Open Models Folder', { type: 'openModelsFolder' }), button('Unload All', { type: 'unloadAll' }), button('Show Log', { type: 'showLog' }));
  root.append(actions);
  vscode.setState(state);
}

window.addEventListener('message', (event: MessageEvent<HostToWebview>) => {
  if (event.data?.type === 'state') render(event.data);
});

const saved = vscode.getState() as Extract<HostToWebview, { type: 'state' }> | undefined;
if (saved) render(saved);
vscode.postMessage({ type: 'ready' });
