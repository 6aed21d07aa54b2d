// The open tasks this machine last saw in a task file (<LOCAL_FOCUS_HOME>/tasks-seen/<key>.json,
// one per task file, keyed by its path), kept so a store that has not read the file before (a new
// editor session, each CLI run) can still tell a task ticked by hand since then (handTicks.ts).
// A missing record is nothing seen; an unreadable or hand-broken one is treated the same (the
// worst outcome is a tick left unstamped, as before the record existed) and replaced at the next
// write.
import { readHelperJson, writeHelperJson } from '../helperJsonFile';

export interface SeenTasks {
  /** The task file's absolute path, so a person looking in the folder knows which file it is. */
  file: string;
  /** When a store read a version of the file holding these open tasks (ISO). */
  seenAt: string;
  /** Ids of the tasks open in that version, and of the ticks still waiting for their stamp. */
  open: string[];
}

export class SeenTasksRecord {
  constructor(readonly filePath: string) {}

  /** The record, or undefined when there is none or it cannot be read. */
  async read(): Promise<SeenTasks | undefined> {
    const parsed = await readHelperJson(this.filePath);
    return isRecord(parsed) ? { file: parsed.file, seenAt: parsed.seenAt, open: [...parsed.open] } : undefined;
  }

  async write(seen: SeenTasks): Promise<void> {
    await writeHelperJson(this.filePath, { version: 1, ...seen });
  }
}

function isRecord(value: unknown): value is SeenTasks {
  const r = value as Partial<SeenTasks> | null;
  return (
    typeof r?.file === 'string' &&
    typeof r.seenAt === 'string' &&
    !Number.isNaN(Date.parse(r.seenAt)) &&
    Array.isArray(r.open) &&
    r.open.every((id) => typeof id === 'string')
  );
}
