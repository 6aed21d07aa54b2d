// Browser code of the Ask Notes panel. It draws the state the host sends: the question, the answer
// with each [n] as a link to its passage (streamed: the answer grows as the model writes it), or,
// with no model, the passages with the question's words marked and a line saying no model
// answered; then the sources. Everything from a note or a model is set as text, never as HTML.
import { answerParts } from '../core/notes/ask/citations';
import { markedRuns } from '../core/notes/ask/extractive';
import type { AskHostToPanel, AskPanelPassage, AskPanelState, AskPanelToHost } from '../core/notes/ask/askPanelProtocol';
import { el } from './dom';

declare function acquireVsCodeApi(): { postMessage(msg: AskPanelToHost): void };

const vscode = acquireVsCodeApi();
const root = document.getElementById('root')!;

function citeLink(n: number, label: string, title: string): HTMLAnchorElement {
  const a = el('a', { href: '#', class: 'cite', 'data-n': String(n), title }, label);
  a.addEventListener('click', (event) => {
    event.preventDefault();
    vscode.postMessage({ type: 'open', n });
  });
  return a;
}

function answerBlock(state: AskPanelState, byN: Map<number, AskPanelPassage>): HTMLElement {
  const p = el('p', { class: 'answer', 'aria-live': 'polite' });
  for (const part of answerParts(state.answer ?? '')) {
    if ('text' in part) p.append(document.createTextNode(part.text));
    else {
      const passage = byN.get(part.cite);
      // While streaming, a number may not be checked yet: one that names no passage stays text.
      p.append(passage ? citeLink(part.cite, `[${part.cite}]`, passage.source) : document.createTextNode(`[${part.cite}]`));
    }
  }
  if (state.phase === 'answering') p.append(el('span', { class: 'cursor' }, '▍'));
  return p;
}

function passageBlock(passage: AskPanelPassage, marked: boolean): HTMLElement {
  const item = el('li', { class: 'passage', id: `passage-${passage.n}` });
  const head = el('div', { class: 'source' });
  head.append(citeLink(passage.n, `[${passage.n}] ${passage.source}`, `Open ${passage.source}`));
  if (passage.heading) head.append(el('span', { class: 'heading' }, ` ${passage.heading}`));
  item.append(head);
  if (marked) {
    const text = el('blockquote', { class: 'text' });
    for (const run of markedRuns(passage.text, passage.highlights)) text.append(run.marked ? el('mark', {}, run.text) : document.createTextNode(run.text));
    item.append(text);
  }
  return item;
}

function render(state: AskPanelState): void {
  const byN = new Map(state.passages.map((p) => [p.n, p]));
  const page = el('main', { class: `phase-${state.phase}` });
  page.append(el('h1', {}, state.question));
  const status = state.phase === 'searching' ? 'Searching your notes…' : state.phase === 'answering' ? `Answering from ${state.passages.length} passages${state.answeredBy ? ` (${state.answeredBy})` : ''}…` : state.answeredBy ? `Answered by ${state.answeredBy} from ${state.passages.length} passages.` : '';
  if (status) page.append(el('p', { class: 'status' }, status));
  if (state.error) page.append(el('p', { class: 'error', role: 'alert' }, state.error));
  if (state.extractiveNotice) page.append(el('p', { class: 'notice', role: 'note' }, state.extractiveNotice));
  else if (state.answer !== undefined) page.append(answerBlock(state, byN));
  if (state.fallbackReason && state.answer !== undefined && !state.extractiveNotice) page.append(el('p', { class: 'status' }, `Why not a better model: ${state.fallbackReason}`));
  if (state.removedCitations.length > 0) page.append(el('p', { class: 'status' }, `Removed citations that named no passage: ${state.removedCitations.map((n) => `[${n}]`).join(' ')}`));
  if (state.passages.length > 0) {
    page.append(el('h2', {}, state.extractiveNotice ? 'Passages' : 'Sources'));
    const list = el('ol', { class: 'sources' });
    for (const passage of state.passages) list.append(passageBlock(passage, Boolean(state.extractiveNotice)));
    page.append(list);
  }
  root.replaceChildren(page);
}

window.addEventListener('message', (event: MessageEvent<AskHostToPanel>) => {
  if (event.data?.type === 'state') render(event.data.state);
});
vscode.postMessage({ type: 'ready' });
