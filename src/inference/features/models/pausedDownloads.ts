// Which unfinished downloads the user paused, remembered next to the models. After a restart the
// worker continues every other partial download by itself; a paused one waits for Resume.
import * as fsp from 'node:fs/promises';
import * as path from 'node:path';

export const PAUSED_FILE = '.local-focus-downloads.json';

export class PausedDownloads {
  /** Writes one after another: two quick pauses must not lose one of the ids. */
  private writing: Promise<unknown> = Promise.resolve();

  constructor(private readonly modelsDir: string) {}

  private get file(): string {
    return path.join(this.modelsDir, PAUSED_FILE);
  }

  async ids(): Promise<Set<string>> {
    await this.writing.catch(() => undefined);
    return this.read();
  }

  set(id: string, paused: boolean): Promise<void> {
    const next = this.writing.catch(() => undefined).then(async () => {
      const ids = await this.read();
      if (paused === ids.has(id)) return;
      if (paused) ids.add(id);
      else ids.delete(id);
      await fsp.mkdir(this.modelsDir, { recursive: true });
      const tmp = `${this.file}.${process.pid}.tmp`;
      await fsp.writeFile(tmp, JSON.stringify({ version: 1, paused: [...ids].sort() }, null, 2));
      await fsp.rename(tmp, this.file);
    });
    this.writing = next;
    return next;
  }

  private async read(): Promise<Set<string>> {
    try {
      const parsed = JSON.parse(await fsp.readFile(this.file, 'utf8')) as { paused?: unknown };
      return new Set(Array.isArray(parsed.paused) ? parsed.paused.filter((x): x is string => typeof x === 'string') : []);
    } catch {
      return new Set();
    }
  }
}
