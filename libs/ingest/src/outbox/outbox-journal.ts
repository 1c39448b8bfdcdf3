import { mkdir, open, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { StoredMessage } from '../sinks/series-point';

/** One journaled batch: its file and what it holds. */
export interface JournalEntry {
  seq: number;
  points: number;
  bytes: number;
}

const FILE_PATTERN = /^(\d{12})-(\d+)\.ndjson$/;

/**
 * A directory of batch files (of StoredMessage by default; the uplink journal keeps its own records), `<seq>-<points>.ndjson`, each written to a temporary name, fsynced
 * and renamed, so a crash leaves either the whole batch or none of it. Order is the sequence
 * number; the point count in the name lets a restart know the depth without reading every file.
 */
export class OutboxJournal<T = StoredMessage> {
  private entries: JournalEntry[] = [];
  private nextSeq = 1;
  private totalBytes = 0;
  private totalPoints = 0;

  private constructor(
    readonly dir: string,
    readonly maxBytes: number,
  ) {}

  static async open<T = StoredMessage>(dir: string, maxBytes: number): Promise<OutboxJournal<T>> {
    const journal = new OutboxJournal<T>(dir, maxBytes);
    await mkdir(dir, { recursive: true });
    for (const name of await readdir(dir)) {
      if (name.endsWith('.tmp')) {
        await rm(join(dir, name), { force: true }); // a batch whose write never finished was never acknowledged
        continue;
      }
      const match = FILE_PATTERN.exec(name);
      if (!match) continue;
      const { size } = await stat(join(dir, name));
      journal.entries.push({ seq: Number(match[1]), points: Number(match[2]), bytes: size });
    }
    journal.entries.sort((a, b) => a.seq - b.seq);
    for (const e of journal.entries) {
      journal.totalBytes += e.bytes;
      journal.totalPoints += e.points;
    }
    journal.nextSeq = (journal.entries.at(-1)?.seq ?? 0) + 1;
    return journal;
  }

  get isEmpty(): boolean {
    return this.entries.length === 0;
  }
  get depth(): number {
    return this.totalPoints;
  }
  get bytes(): number {
    return this.totalBytes;
  }
  get batches(): number {
    return this.entries.length;
  }

  /** Whether a batch of `bytes` more would exceed the bound. An empty journal takes any one batch. */
  wouldOverflow(bytes: number): boolean {
    return !this.isEmpty && this.totalBytes + bytes > this.maxBytes;
  }

  static encode(batch: readonly unknown[]): Buffer {
    return Buffer.from(batch.map((m) => JSON.stringify(m)).join('\n') + '\n', 'utf8');
  }

  /** Appends a batch durably; resolves once it is on disk. */
  async append(batch: readonly T[], encoded = OutboxJournal.encode(batch)): Promise<JournalEntry> {
    const seq = this.nextSeq++;
    const name = `${String(seq).padStart(12, '0')}-${batch.length}.ndjson`;
    const tmp = join(this.dir, `${name}.tmp`);
    const file = await open(tmp, 'w');
    try {
      await file.writeFile(encoded);
      await file.sync();
    } finally {
      await file.close();
    }
    await rename(tmp, join(this.dir, name));
    await this.syncDir();
    const entry = { seq, points: batch.length, bytes: encoded.length };
    this.entries.push(entry);
    this.totalBytes += entry.bytes;
    this.totalPoints += entry.points;
    return entry;
  }

  oldest(): JournalEntry | undefined {
    return this.entries[0];
  }

  async read(entry: JournalEntry): Promise<T[]> {
    const text = await readFile(this.path(entry), 'utf8');
    return text
      .split('\n')
      .filter((line) => line.length > 0)
      .map((line) => JSON.parse(line) as T);
  }

  /** Removes the oldest batch once the sink has it. */
  async removeOldest(): Promise<void> {
    const entry = this.entries.shift();
    if (!entry) return;
    this.totalBytes -= entry.bytes;
    this.totalPoints -= entry.points;
    await rm(this.path(entry), { force: true });
  }

  private path(entry: JournalEntry): string {
    return join(this.dir, `${String(entry.seq).padStart(12, '0')}-${entry.points}.ndjson`);
  }

  private async syncDir(): Promise<void> {
    const dir = await open(this.dir, 'r');
    try {
      await dir.sync();
    } finally {
      await dir.close();
    }
  }
}
