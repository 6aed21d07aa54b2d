// The hidden suggestions on disk (<LOCAL_FOCUS_HOME>/next-hidden.json), shared by the editor and
// the CLI so a snooze survives a restart and `local-focus tasks next` honours it. Only entries
// still in force are written back. A missing file is no entry; an unreadable or hand-broken one
// is treated the same (the worst outcome is a suggestion shown early) and replaced at the next hide.
import { readHelperJson, writeHelperJson } from '../../helperJsonFile';
import { stillHidden, withHidden, type HiddenSuggestion } from './hiddenSuggestions';

export class HiddenSuggestionsFile {
  constructor(readonly filePath: string) {}

  /** The entries in force at `now`. */
  async read(now: Date): Promise<HiddenSuggestion[]> {
    return stillHidden(entriesOf(await readHelperJson(this.filePath)), now);
  }

  /** Records `entry` and drops what has expired; returns the entries now in force. */
  async hide(entry: HiddenSuggestion, now: Date): Promise<HiddenSuggestion[]> {
    const next = withHidden(await this.read(now), entry, now);
    await writeHelperJson(this.filePath, { version: 1, hidden: next });
    return next;
  }
}

function entriesOf(parsed: unknown): HiddenSuggestion[] {
  const list = (parsed as { hidden?: unknown } | null)?.hidden;
  return Array.isArray(list) ? list.filter(isEntry) : [];
}

function isEntry(value: unknown): value is HiddenSuggestion {
  const e = value as Partial<HiddenSuggestion> | null;
  return (
    typeof e?.folder === 'string' &&
    typeof e.taskId === 'string' &&
    (e.kind === 'snooze' || e.kind === 'not-today') &&
    typeof e.until === 'string' &&
    !Number.isNaN(Date.parse(e.until))
  );
}
