// The "Search Hugging Face" section: a search box with the role to search for, then each repository
// found with its owner's badge, downloads, likes, licence and last update, and each model file with
// its quantisation, size and memory verdict, Download on the ones that can be added (the default
// pick first in weight). Off in Local only, with why; a search kept from earlier is marked stale.
// Everything from the Hub is set as text. What each row says is plain data (hubRepoText,
// hubFileRow), so the unit tests check it without a browser.
import type { ModelRole } from '../core/models/catalogTypes';
import { formatBytes } from '../core/models/formatBytes';
import type { HubFileView, HubRepoView } from '../core/modelsHubProtocol';
import type { HubPanelState, WebviewToHost } from '../core/webviewProtocol';
import { button, el } from './dom';
import { ROLE_LABELS, verdictText } from './modelCard';

export const HUB_TRUST_LABELS = {
  official: { text: 'Official', title: "Published by the model's own organisation" },
  verified: { text: 'Verified quantiser', title: 'Published by a quantiser on Local Focus\'s documented list' },
  community: { text: 'Community', title: 'Published by anyone: check the repository before trusting it' },
} as const;

export interface HubSearchForm {
  query: string;
  role: ModelRole;
}

export interface HubFileRow {
  title: string;
  detailText: string;
  verdictText: string;
  /** Why it cannot be added; no Download button then. */
  refusedText?: string;
  /** Files the download cannot check (no published hash). */
  warningText?: string;
  canDownload: boolean;
  primary: boolean;
}

export function hubRepoText(r: HubRepoView): string {
  const updated = r.lastModified ? `updated ${r.lastModified.slice(0, 10)}` : 'update time unknown';
  return [`by ${r.author}`, `${r.downloads.toLocaleString('en-US')} downloads`, `${r.likes.toLocaleString('en-US')} likes`, `licence ${r.license}`, updated].join(' · ');
}

export function hubFileRow(f: HubFileView): HubFileRow {
  const size = `${formatBytes(f.sizeBytes)}${f.parts > 1 ? ` in ${f.parts} parts` : ''}`;
  return {
    title: `${f.quantization}${f.isDefault ? ' (recommended)' : ''}`,
    detailText: `${size} · ${f.name}`,
    verdictText: verdictText(f),
    ...(f.refused ? { refusedText: `Cannot be added: ${f.refused}` } : {}),
    ...(!f.refused && !f.verified ? { warningText: `No published SHA-256 for ${f.unhashed.join(', ')}: Download asks first.` } : {}),
    canDownload: !f.refused,
    primary: f.isDefault,
  };
}

export function hubSection(panel: HubPanelState | undefined, form: HubSearchForm, onForm: (form: HubSearchForm) => void, post: (msg: WebviewToHost) => void): HTMLElement {
  const section = el('section', { class: 'hub', 'aria-labelledby': 'hub-heading', 'aria-busy': String(Boolean(panel?.busy)) });
  const header = el('div', { class: 'role-header' });
  header.append(el('h2', { id: 'hub-heading' }, 'Search Hugging Face'));
  header.append(button('Set Token…', { class: 'link', 'data-focus': 'hub-token', title: 'A Hugging Face token, for gated models (kept in the editor\'s secret storage)' }, () => post({ type: 'setHubToken' })));
  section.append(header, searchForm(panel, form, onForm, post));
  if (panel?.offReason) section.append(el('p', { class: 'banner warning', role: 'note' }, panel.offReason));
  if (panel?.error) section.append(el('p', { class: 'banner error', role: 'alert' }, panel.error));
  const search = panel?.search;
  if (!search) return section;
  const heading = `${search.repos.length} repositor${search.repos.length === 1 ? 'y' : 'ies'} for "${search.query}" (${ROLE_LABELS[search.role]}) on ${search.hubUrl}`;
  section.append(el('p', { class: 'details' }, heading));
  if (search.stale) section.append(el('p', { class: 'banner warning stale', role: 'note' }, `Not current: ${search.staleReason ?? `kept from ${search.fetchedAt}`}`));
  for (const r of search.repos) section.append(repoCard(r, search.role, post));
  for (const n of search.notes) section.append(el('p', { class: 'details' }, n));
  return section;
}

function searchForm(panel: HubPanelState | undefined, form: HubSearchForm, onForm: (form: HubSearchForm) => void, post: (msg: WebviewToHost) => void): HTMLElement {
  const off = Boolean(panel?.offReason) || Boolean(panel?.busy);
  // A div, not a <form>: nothing in the view may submit anywhere; Enter and the button post the search.
  const bar = el('div', { class: 'filters hub-form', role: 'search' });
  const input = el('input', { type: 'search', id: 'hub-query', 'data-focus': 'hub-query', placeholder: 'e.g. qwen2.5 1.5b instruct', 'aria-label': 'Search the Hub for models', maxlength: '200' });
  input.value = form.query;
  const select = el('select', { id: 'hub-role', 'data-focus': 'hub-role', 'aria-label': 'Role to search models for' });
  for (const [value, label] of Object.entries(ROLE_LABELS)) {
    const option = el('option', { value }, label);
    if (value === form.role) option.selected = true;
    select.append(option);
  }
  const current = (): HubSearchForm => ({ query: input.value, role: select.value as ModelRole });
  const search = () => {
    if (input.value.trim()) post({ type: 'hubSearch', ...current(), query: input.value.trim() });
  };
  input.addEventListener('input', () => onForm(current()));
  input.addEventListener('keydown', (event) => (event as KeyboardEvent).key === 'Enter' && search());
  select.addEventListener('change', () => onForm(current()));
  const submit = button(panel?.busy ? 'Searching…' : 'Search', { class: 'primary', 'data-focus': 'hub-search' }, search);
  for (const control of [input, select, submit]) control.disabled = off;
  bar.append(input, select, submit);
  return bar;
}

function repoCard(r: HubRepoView, role: ModelRole, post: (msg: WebviewToHost) => void): HTMLElement {
  const node = el('article', { class: 'model hub-repo', 'aria-label': r.repo, 'data-repo': r.repo });
  const head = el('div', { class: 'model-head' });
  const trust = HUB_TRUST_LABELS[r.trust];
  head.append(el('h3', {}, r.repo), el('span', { class: `badge trust-${r.trust}`, title: trust.title }, trust.text));
  if (r.gated) head.append(el('span', { class: 'badge unverified', title: 'The download needs a Hugging Face token with access to it' }, 'Gated'));
  node.append(head, el('p', { class: 'details' }, hubRepoText(r)));
  if (r.error) node.append(el('p', { class: 'state failed' }, `Files not listed: ${r.error}`));
  else if (r.files.length === 0) node.append(el('p', { class: 'empty' }, 'No model file this role can use.'));
  for (const f of r.files) node.append(fileRow(r, f, role, post));
  for (const n of r.notes) node.append(el('p', { class: 'details' }, n));
  return node;
}

function fileRow(r: HubRepoView, f: HubFileView, role: ModelRole, post: (msg: WebviewToHost) => void): HTMLElement {
  const row = hubFileRow(f);
  const node = el('div', { class: `hub-file${f.refused ? ' refused' : ''}`, 'data-file': f.name });
  node.append(el('p', { class: 'hub-file-title' }, row.title), el('p', { class: 'details' }, row.detailText));
  node.append(el('p', { class: `verdict verdict-${f.memory.verdict}`, title: f.memory.sentence }, row.verdictText));
  if (row.refusedText) node.append(el('p', { class: 'state failed' }, row.refusedText));
  if (row.warningText) node.append(el('p', { class: 'banner warning' }, row.warningText));
  if (row.canDownload) {
    const label = `Download ${f.quantization} of ${r.repo}`;
    const actions = el('div', { class: 'actions' });
    actions.append(button('Download', { class: row.primary ? 'primary' : 'secondary', 'data-focus': `hub:${r.repo}:${f.name}`, title: label, 'aria-label': label }, () => post({ type: 'hubDownload', repo: r.repo, file: f.name, role })));
    node.append(actions);
  }
  return node;
}
