// Browser code of the model manager view. It draws what the host sends (models by role, device,
// download progress, the Hub search, the models found on this machine) and posts the user's actions back; from src/core it imports types and the
// pure formatBytes module only.
// Everything it shows is kept with setState, so hiding and showing the view redraws at once.
import type { ModelRole } from '../core/models/catalogTypes';
import type { DeviceInfo, ModelDownloadProgress, ModelListResult, ModelsOnDiskResult, ModelView, RoleAssignment } from '../core/modelsProtocol';
import type { HostToWebview, HubPanelState, ModelAction, WebviewToHost } from '../core/webviewProtocol';
import { formatBytes } from '../core/models/formatBytes';
import { button, el } from './dom';
import { foundSection } from './foundSection';
import { hubSection, HubSearchForm } from './hubSection';
import { CardAction, cardModel, ModelFilters, modelsByRole, ROLE_LABELS, withProgress } from './modelCard';

interface SavedState {
  filters: ModelFilters;
  list?: ModelListResult;
  progress: Record<string, ModelDownloadProgress>;
  workerDown?: string;
  onDisk?: ModelsOnDiskResult;
  hub?: HubPanelState;
  /** What is typed in the Hub search box, kept while the view redraws. */
  hubForm: HubSearchForm;
}

declare function acquireVsCodeApi(): { postMessage(msg: WebviewToHost): void; setState(s: SavedState): void; getState(): SavedState | undefined };

const vscode = acquireVsCodeApi();
const root = document.getElementById('root')!;
const saved = vscode.getState();
const state: SavedState = {
  filters: saved?.filters ?? { role: 'all', fitsOnly: false },
  progress: saved?.progress ?? {},
  hubForm: saved?.hubForm ?? { query: '', role: 'task-parsing' },
  ...(saved?.hub ? { hub: { ...saved.hub, busy: false } } : {}),
  ...(saved?.list ? { list: saved.list } : {}),
  ...(saved?.onDisk ? { onDisk: saved.onDisk } : {}),
};
const busy = new Set<string>();
let onDiskBusy = false;

function post(msg: WebviewToHost): void {
  vscode.postMessage(msg);
}

function toolbar(): HTMLElement {
  const bar = el('div', { class: 'toolbar', role: 'toolbar', 'aria-label': 'Model filters and commands' });
  const roleLabel = el('label', { for: 'role-filter' }, 'Role');
  const select = el('select', { id: 'role-filter', 'data-focus': 'role-filter' });
  for (const [value, label] of [['all', 'All roles'], ...Object.entries(ROLE_LABELS)] as [string, string][]) {
    const option = el('option', { value }, label);
    if (value === state.filters.role) option.selected = true;
    select.append(option);
  }
  select.addEventListener('change', () => {
    state.filters = { ...state.filters, role: select.value as ModelRole | 'all' };
    render();
  });
  const fits = el('input', { type: 'checkbox', id: 'fits-only', 'data-focus': 'fits-only' });
  fits.checked = state.filters.fitsOnly;
  fits.addEventListener('change', () => {
    state.filters = { ...state.filters, fitsOnly: fits.checked };
    render();
  });
  const fitsLabel = el('label', { for: 'fits-only', class: 'check' });
  fitsLabel.append(fits, document.createTextNode(' Fits in memory only'));
  const filters = el('div', { class: 'filters' });
  filters.append(roleLabel, select, fitsLabel);
  const commands = el('div', { class: 'commands' });
  commands.append(
    button('Import Model File…', { 'data-focus': 'cmd-import' }, () => post({ type: 'importModel' })),
    button('Add Model from URL…', { 'data-focus': 'cmd-add-url' }, () => post({ type: 'addModelFromUrl' })),
    button('Refresh', { class: 'secondary', 'data-focus': 'cmd-refresh', title: 'Read the catalog and the models folder again' }, () => post({ type: 'refresh' })),
  );
  bar.append(filters, commands);
  return bar;
}

function devicePanel(device: DeviceInfo): HTMLElement {
  const panel = el('section', { class: 'device', 'aria-labelledby': 'device-heading' });
  panel.append(el('h2', { id: 'device-heading' }, 'This machine'));
  const rows = el('dl');
  const row = (term: string, value: string | HTMLElement) => {
    const dd = el('dd');
    if (typeof value === 'string') dd.textContent = value;
    else dd.append(value);
    rows.append(el('dt', {}, term), dd);
  };
  row('RAM', `${formatBytes(device.totalRamBytes)} total, ${formatBytes(device.freeRamBytes)} free`);
  row('Budget', `${device.budgetPercent}% = ${formatBytes(device.budgetBytes)}; ${formatBytes(device.loadedBytes)} in use, ${formatBytes(device.remainingBytes)} left`);
  row('CPU', `${device.cores} cores, ${device.threads} threads for models (${device.cpuModel})`);
  if (device.gpu) {
    const g = device.gpu;
    const text = g.error ? `unknown (${g.error})` : g.backend === 'none' ? 'none found: models run on the CPU' : `${g.backend}: ${g.devices.join(', ') || 'device'}${g.vramTotalBytes ? `, ${formatBytes(g.vramFreeBytes ?? 0)} of ${formatBytes(g.vramTotalBytes)} VRAM free` : ''}`;
    row('GPU', text);
  } else {
    row('GPU', button('Detect GPU', { class: 'secondary', 'data-focus': 'detect-gpu', title: 'Ask llama.cpp which GPU it can use (loads the native library)' }, () => post({ type: 'detectGpu' })));
  }
  panel.append(rows);
  return panel;
}

function roleHeading(role: ModelRole, assignment: RoleAssignment | undefined, models: readonly ModelView[]): HTMLElement {
  const header = el('div', { class: 'role-header' });
  header.append(el('h2', { id: `role-${role}` }, ROLE_LABELS[role]));
  if (assignment) {
    const inUse = models.find((m) => m.id === assignment.modelId);
    const name = inUse?.name ?? assignment.path.split(/[\\/]/).pop() ?? assignment.path;
    const text = assignment.present ? `Uses ${name}` : `Uses ${name}: not on disk yet, so this feature runs without a local model`;
    header.append(el('p', { class: assignment.present ? 'uses' : 'uses missing', title: assignment.path }, text));
  }
  return header;
}

function actionButton(model: ModelView, action: CardAction, section: ModelRole): HTMLButtonElement {
  const key = `${section}:${model.id}:${action.action}${action.role ? `:${action.role}` : ''}`;
  const b = button(action.label, { class: action.primary ? 'primary' : 'secondary', 'data-focus': key, title: action.title, 'aria-label': action.title }, () => {
    if (action.action === 'useForRole' && action.role) post({ type: 'useForRole', id: model.id, role: action.role });
    else post({ type: 'action', action: action.action as ModelAction, id: model.id });
  });
  if ([...busy].some((k) => k.startsWith(`${model.id}:`))) b.disabled = true;
  return b;
}

function card(raw: ModelView, section: ModelRole): HTMLElement {
  const model = withProgress(raw, state.progress[raw.id]);
  const c = cardModel(model);
  const node = el('article', { class: `model state-${c.stateKind}`, 'aria-label': model.name, 'data-model': model.id });
  const head = el('div', { class: 'model-head' });
  head.append(el('h3', {}, model.name));
  head.append(el('span', { class: `badge trust-${model.trust}`, title: c.trustTitle }, c.trustText));
  if (!model.verified) head.append(el('span', { class: 'badge unverified', title: 'No published SHA-256: the file cannot be checked against its publisher' }, 'Unverified'));
  if (model.usedFor.includes(section)) {
    // The role's model file, but only "in use" once it is on disk: until then the feature runs without it.
    const onDisk = model.state === 'ready' || model.state === 'loaded';
    const title = onDisk ? `The worker uses this model for ${ROLE_LABELS[section].toLowerCase()}` : `The model ${ROLE_LABELS[section].toLowerCase()} will use once it is downloaded`;
    head.append(el('span', { class: onDisk ? 'badge in-use' : 'badge default', title }, onDisk ? 'In use' : 'Default'));
  }
  node.append(head);
  node.append(el('p', { class: 'details' }, c.detailText));
  node.append(el('p', { class: `verdict verdict-${c.verdictKind}`, title: model.memory.sentence }, c.verdictText));
  const stateLine = el('p', { class: 'state' }, c.stateText);
  node.append(stateLine);
  if (c.percent !== undefined) {
    const bar = el('progress', { max: '100', value: String(c.percent), 'aria-label': `${model.name} download`, 'aria-valuetext': c.stateText });
    node.append(bar);
  }
  if (c.statsText) node.append(el('p', { class: 'stats' }, c.statsText));
  const busyHere = [...busy].find((k) => k.startsWith(`${model.id}:`));
  if (busyHere) node.append(el('p', { class: 'busy' }, `${busyHere.split(':')[1]}…`));
  const actions = el('div', { class: 'actions' });
  for (const action of c.actions) actions.append(actionButton(model, action, section));
  node.append(actions);
  return node;
}

function render(): void {
  const focused = (document.activeElement as HTMLElement | null)?.getAttribute('data-focus');
  root.replaceChildren();
  if (state.workerDown) root.append(el('p', { class: 'banner error', role: 'alert' }, `The inference process is not running (${state.workerDown}); the list below may be out of date.`));
  root.append(toolbar());
  const list = state.list;
  if (!list) {
    root.append(el('p', { class: 'empty' }, 'Loading the model catalog…'));
  } else {
    root.append(devicePanel(list.device));
    for (const w of list.warnings) root.append(el('p', { class: 'banner warning', role: 'note' }, w));
    for (const group of modelsByRole(list.models, state.filters)) {
      const section = el('section', { class: 'role', 'aria-labelledby': `role-${group.role}` });
      section.append(roleHeading(group.role, list.roles.find((r) => r.role === group.role), list.models));
      if (group.models.length === 0) section.append(el('p', { class: 'empty' }, state.filters.fitsOnly ? 'No model for this role fits the memory budget.' : 'No model for this role.'));
      for (const m of group.models) section.append(card(m, group.role));
      root.append(section);
    }
    root.append(hubSection(state.hub, state.hubForm, keepHubForm, post));
    root.append(foundSection(state.onDisk, onDiskBusy, post));
    const footer = el('p', { class: 'footer' });
    footer.append(document.createTextNode(`Models folder: ${list.modelsDir} `));
    footer.append(button('Open Folder', { class: 'link', 'data-focus': 'open-folder' }, () => post({ type: 'openModelsFolder' })));
    footer.append(button('Show Log', { class: 'link', 'data-focus': 'show-log' }, () => post({ type: 'showLog' })));
    root.append(footer);
  }
  // A redraw replaces every node: give the focus back to the control that had it.
  if (focused) (root.querySelector(`[data-focus="${CSS.escape(focused)}"]`) as HTMLElement | null)?.focus();
  vscode.setState(state);
}

/** Typing changes no other part of the view: kept without a redraw, which would move the caret. */
function keepHubForm(form: HubSearchForm): void {
  state.hubForm = form;
  vscode.setState(state);
}

window.addEventListener('message', (event: MessageEvent<HostToWebview>) => {
  const msg = event.data;
  switch (msg?.type) {
    case 'models':
      state.list = msg.list;
      delete state.workerDown;
      // The list is newer than any progress for a model that is no longer moving.
      for (const m of msg.list.models) {
        const p = state.progress[m.id];
        if (p && m.state !== 'downloading' && m.state !== 'queued' && m.state !== 'verifying') delete state.progress[m.id];
      }
      break;
    case 'workerDown':
      state.workerDown = msg.reason;
      break;
    case 'progress':
      state.progress[msg.progress.modelId] = msg.progress;
      break;
    case 'device':
      if (state.list) state.list = { ...state.list, device: msg.device };
      break;
    case 'onDisk':
      state.onDisk = msg.found;
      break;
    case 'onDiskBusy':
      onDiskBusy = msg.busy;
      break;
    case 'hub':
      state.hub = msg.panel;
      break;
    case 'busy': {
      const key = `${msg.id}:${msg.action}`;
      if (msg.busy) busy.add(key);
      else busy.delete(key);
      break;
    }
    default:
      return;
  }
  render();
});

render();
post({ type: 'ready' });
