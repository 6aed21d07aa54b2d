// The "Found on this machine" section: the GGUF models in Ollama's store and LM Studio's models
// folders, each with "Use in place" (the worker checks the whole file, nothing is copied) or the
// model it became, and the warnings about files that could not be used. What each row says is
// plain data (foundRow), so the unit tests check it without a browser.
import { formatBytes } from '../core/models/formatBytes';
import type { ModelOnDiskView, ModelsOnDiskResult } from '../core/modelsProtocol';
import type { WebviewToHost } from '../core/webviewProtocol';
import { button, el } from './dom';

const SOURCE_LABELS = { ollama: 'Ollama', 'lm-studio': 'LM Studio' } as const;

export interface FoundRow {
  title: string;
  detailText: string;
  checkText: string;
  /** Offered until the model is in use in place; a refused one can be tried again after a repair. */
  canUse: boolean;
}

export function foundRow(m: ModelOnDiskView): FoundRow {
  const detailText = `${SOURCE_LABELS[m.source]} · ${formatBytes(m.sizeBytes)}`;
  if (m.check === 'verified') return { title: m.name, detailText, checkText: 'In use in place: it passed the whole-file check. Remove it above to forget it; its file stays.', canUse: false };
  if (m.check === 'failed') return { title: m.name, detailText, checkText: `Refused: ${m.reason ?? 'it did not pass the whole-file check'}`, canUse: true };
  return { title: m.name, detailText, checkText: 'Not checked yet: Use in place checks the whole file first.', canUse: true };
}

export function foundSection(found: ModelsOnDiskResult | undefined, busy: boolean, post: (msg: WebviewToHost) => void): HTMLElement {
  const section = el('section', { class: 'found', 'aria-labelledby': 'found-heading', 'aria-busy': String(busy) });
  const header = el('div', { class: 'role-header' });
  header.append(el('h2', { id: 'found-heading' }, 'Found on this machine'));
  header.append(button(busy ? 'Searching…' : 'Search Again', { class: 'secondary', 'data-focus': 'found-refresh', title: "Read Ollama's and LM Studio's model folders again" }, () => post({ type: 'refreshOnDisk' })));
  section.append(header);
  if (!found) {
    section.append(el('p', { class: 'empty' }, "Searching Ollama's and LM Studio's model folders…"));
    return section;
  }
  if (found.models.length === 0) section.append(el('p', { class: 'empty', title: found.folders.join('\n') }, "No GGUF model in Ollama's or LM Studio's model folders."));
  for (const m of found.models) section.append(foundCard(m, busy, post));
  for (const w of found.warnings) section.append(el('p', { class: 'banner warning', role: 'note' }, w));
  return section;
}

function foundCard(m: ModelOnDiskView, busy: boolean, post: (msg: WebviewToHost) => void): HTMLElement {
  const row = foundRow(m);
  const node = el('article', { class: `model found-${m.check}`, 'aria-label': row.title, title: m.path });
  const head = el('div', { class: 'model-head' });
  head.append(el('h3', {}, row.title));
  node.append(head, el('p', { class: 'details' }, row.detailText), el('p', { class: m.check === 'failed' ? 'state failed' : 'state' }, row.checkText));
  if (row.canUse) {
    const actions = el('div', { class: 'actions' });
    const use = button('Use in Place', { class: 'primary', 'data-focus': `found:${m.path}`, title: `Check ${m.name} whole and use it where it is, without copying it`, 'aria-label': `Use ${m.name} in place` }, () =>
      post({ type: 'useInPlace', path: m.path }),
    );
    use.disabled = busy;
    actions.append(use);
    node.append(actions);
  }
  return node;
}
