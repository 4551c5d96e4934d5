// Where OTLP export stands, per collector: the month file and the byte offset up to which
// the collector accepted every record. Kept next to the ledger and written atomically (a
// crash leaves the old cursor or the new, never half of one), so export resumes where the
// collector last said yes. A lease file keeps two windows from sending the same lines.
import { createHash, randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, stat, unlink, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isNotFound } from './lines.ts';

export interface CursorPosition {
  month: string;
  offset: number;
}

const key = (url: string) => createHash('sha256').update(url).digest('hex').slice(0, 16);

export class ExportCursor {
  readonly file: string;
  private readonly lockFile: string;
  private readonly url: string;
  private readonly dir: string;
  private readonly owner = randomUUID();

  constructor(dir: string, url: string) {
    this.dir = dir;
    this.url = url;
    this.file = join(dir, `otlp-${key(url)}.cursor.json`);
    this.lockFile = join(dir, `otlp-${key(url)}.lock`);
  }

  /** The saved position, or undefined before the first accepted batch (or if the file is unreadable). */
  async load(): Promise<CursorPosition | undefined> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw err;
    }
    try {
      const v = JSON.parse(text) as Partial<CursorPosition & { url: string }>;
      if (typeof v.month === 'string' && /^\d{4}-\d{2}$/.test(v.month) && Number.isSafeInteger(v.offset) && v.offset! >= 0) {
        return { month: v.month, offset: v.offset! };
      }
    } catch {
      // Fall through: treated as absent, so export starts from the configured beginning.
    }
    return undefined;
  }

  async save(p: CursorPosition): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    const tmp = `${this.file}.${this.owner}.tmp`;
    await writeFile(tmp, JSON.stringify({ url: this.url, month: p.month, offset: p.offset }) + '\n');
    await rename(tmp, this.file);
  }

  /**
   * Takes (or renews) the lease; false while another live exporter holds it. A holder renews
   * it every cycle, so a lease untouched for `staleMs` belonged to a process that is gone.
   */
  async acquire(staleMs: number, now = Date.now()): Promise<boolean> {
    await mkdir(this.dir, { recursive: true });
    try {
      await writeFile(this.lockFile, this.owner, { flag: 'wx' });
      return true;
    } catch (err) {
      if ((err as { code?: string }).code !== 'EEXIST') throw err;
    }
    const holder = await readFile(this.lockFile, 'utf8').catch(() => '');
    if (holder === this.owner) {
      const t = new Date(now);
      await utimes(this.lockFile, t, t);
      return true;
    }
    const age = await stat(this.lockFile).then((s) => now - s.mtimeMs, () => Infinity);
    if (age < staleMs) return false;
    await unlink(this.lockFile).catch(() => undefined);
    // Another exporter may have taken it between our look and our unlink: try once more, never overriding.
    return this.acquire(Infinity, now);
  }

  async release(): Promise<void> {
    const holder = await readFile(this.lockFile, 'utf8').catch(() => '');
    if (holder === this.owner) await unlink(this.lockFile).catch(() => undefined);
  }
}
