import { scrypt, type ScryptOptions } from 'node:crypto';
import { Worker } from 'node:worker_threads';

/**
 * scrypt on worker threads that run at the lowest CPU priority (nice 19). On Linux the nice value
 * is per thread, so only these threads are lowered: when a storm of logins or CONNECTs keeps every
 * core busy deriving keys, the event loop — alarms, `/api/health`, socket.io — still gets a core
 * the moment it has work. libuv's own pool (plain `crypto.scrypt`) runs at the process's priority
 * and took the cores from the event loop in exactly that storm (docs/security.md, "Logins and
 * accounts"). Where a worker cannot start, the derivation falls back to `crypto.scrypt`.
 */
const WORKER_SOURCE = `
const { scryptSync } = require('node:crypto');
const { setPriority } = require('node:os');
const { parentPort } = require('node:worker_threads');
try { setPriority(19); } catch {}
parentPort.on('message', (m) => {
  try {
    const key = scryptSync(Buffer.from(m.plain, 'utf8'), Buffer.from(m.salt), m.keyBytes, m.options);
    parentPort.postMessage({ id: m.id, key });
  } catch (err) {
    parentPort.postMessage({ id: m.id, error: String(err && err.message || err) });
  }
});
`;

interface Job {
  resolve(key: Buffer): void;
  reject(error: Error): void;
}

interface Answer {
  id: number;
  key?: Uint8Array;
  error?: string;
}

class NicedWorker {
  private readonly worker: Worker;
  readonly jobs = new Map<number, Job>();

  constructor(onExit: () => void) {
    this.worker = new Worker(WORKER_SOURCE, { eval: true });
    // idle workers must not keep a stopping process alive
    this.worker.unref();
    this.worker.on('message', (answer: Answer) => {
      const job = this.jobs.get(answer.id);
      if (!job) return;
      this.jobs.delete(answer.id);
      if (answer.key)
        job.resolve(Buffer.from(answer.key.buffer, answer.key.byteOffset, answer.key.byteLength));
      else job.reject(new Error(`scrypt failed: ${answer.error ?? 'unknown error'}`));
    });
    const fail = (why: string) => {
      for (const job of this.jobs.values()) job.reject(new Error(`the scrypt worker ${why}; try again`));
      this.jobs.clear();
      onExit();
    };
    this.worker.on('error', (err) => fail(`failed: ${err.message}`));
    this.worker.on('exit', (code) => fail(`exited with code ${code}`));
  }

  derive(id: number, plain: string, salt: Buffer, keyBytes: number, options: ScryptOptions): Promise<Buffer> {
    return new Promise<Buffer>((resolve, reject) => {
      this.jobs.set(id, { resolve, reject });
      this.worker.postMessage({ id, plain, salt: new Uint8Array(salt), keyBytes, options });
    });
  }
}

/**
 * A fixed number of niced workers, each handed the next derivation round-robin by its load. The
 * caller bounds how many derivations are in flight (BoundedConcurrency), so each worker holds at
 * most a few.
 */
export class LowPriorityScrypt {
  private readonly workers: (NicedWorker | undefined)[];
  private nextId = 1;
  private broken = false;

  constructor(size: number) {
    this.workers = Array.from({ length: Math.max(1, size) }, () => undefined);
  }

  derive(plain: string, salt: Buffer, keyBytes: number, options: ScryptOptions): Promise<Buffer> {
    const worker = this.pick();
    if (!worker) return fallback(plain, salt, keyBytes, options);
    return worker.derive(this.nextId++, plain, salt, keyBytes, options);
  }

  private pick(): NicedWorker | undefined {
    if (this.broken) return undefined;
    let best: number | undefined;
    for (let i = 0; i < this.workers.length; i++) {
      const load = this.workers[i]?.jobs.size ?? 0;
      if (best === undefined || load < (this.workers[best]?.jobs.size ?? 0)) best = i;
      if (load === 0) break;
    }
    const i = best ?? 0;
    try {
      this.workers[i] ??= new NicedWorker(() => (this.workers[i] = undefined));
    } catch {
      this.broken = true;
      return undefined;
    }
    return this.workers[i];
  }
}

function fallback(plain: string, salt: Buffer, keyBytes: number, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(Buffer.from(plain, 'utf8'), salt, keyBytes, options, (err, key) =>
      err ? reject(err) : resolve(key),
    ),
  );
}
