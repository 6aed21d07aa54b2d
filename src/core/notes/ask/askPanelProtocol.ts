// Messages between the extension host and the Ask Notes panel. The host owns the state and sends
// all of it on each change (it is small: a question, six passages, an answer), so a panel that
// loads late or is reloaded draws the same thing. The panel sends back only "ready" and "open
// passage n"; the host checks every message with parseAskPanelMessage, since a webview is a web
// page and a note's text is shown in it.

export interface AskPanelPassage {
  n: number;
  source: string;
  heading?: string;
  text: string;
  highlights: Array<[number, number]>;
}

export interface AskPanelState {
  question: string;
  phase: 'searching' | 'answering' | 'done' | 'error';
  passages: AskPanelPassage[];
  /** The answer so far while answering; the checked answer when done; absent with no model. */
  answer?: string | undefined;
  /** "a local model server": who answered, or is answering. */
  answeredBy?: string | undefined;
  /** Set when no model answered: the passages are the answer, with this said plainly. */
  extractiveNotice?: string;
  /** Why a better tier did not answer ("local: no model file…"), shown under the answer. */
  fallbackReason?: string | undefined;
  /** Citations of no passage that were taken out of the answer. */
  removedCitations: number[];
  error?: string;
}

export type AskHostToPanel = { type: 'state'; state: AskPanelState };
export type AskPanelToHost = { type: 'ready' } | { type: 'open'; n: number };

export function parseAskPanelMessage(value: unknown): AskPanelToHost | undefined {
  const v = value as { type?: unknown; n?: unknown } | null;
  if (!v || typeof v !== 'object') return undefined;
  if (v.type === 'ready') return { type: 'ready' };
  if (v.type === 'open' && typeof v.n === 'number' && Number.isInteger(v.n) && v.n >= 1) return { type: 'open', n: v.n };
  return undefined;
}

/** Who answered, for "Answered by … from 6 passages". */
export const ANSWERED_BY: Record<'cloud' | 'server' | 'local', string> = { cloud: 'the cloud model', server: 'a local model server', local: 'the local model' };
