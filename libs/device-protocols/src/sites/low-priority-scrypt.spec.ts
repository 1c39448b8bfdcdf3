import { scryptSync } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { LowPriorityScrypt } from './low-priority-scrypt';

const options = { N: 1024, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };

/** The nice value of each thread of this process (Linux: /proc/self/task/<tid>/stat, field 19). */
function threadNiceValues(): number[] {
  return readdirSync('/proc/self/task').map((tid) => {
    const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]);
  });
}

describe('LowPriorityScrypt', () => {
  test('derives the same key as crypto.scryptSync, for concurrent calls too', async () => {
    const pool = new LowPriorityScrypt(2);
    const salt = Buffer.from('0123456789abcdef');
    const passwords = ['a', 'b', 'correct horse', '密码-2026'];
    const keys = await Promise.all(passwords.map((p) => pool.derive(p, salt, 32, options)));
    keys.forEach((key, i) => expect(key.equals(scryptSync(passwords[i]!, salt, 32, options))).toBe(true));
  });

  test.runIf(existsSync('/proc/self/task'))(
    'runs on threads at nice 19 while the event loop thread keeps its priority',
    async () => {
      const before = threadNiceValues().filter((n) => n === 19).length;
      const pool = new LowPriorityScrypt(1);
      await pool.derive('x', Buffer.alloc(16), 32, options);
      const after = threadNiceValues();
      expect(after.filter((n) => n === 19).length).toBe(before + 1);
      expect(after[0]).toBe(0); // the main thread (tid = pid comes first)
    },
  );

  test('a bad parameter rejects with what failed, and the pool keeps working', async () => {
    const pool = new LowPriorityScrypt(1);
    await expect(pool.derive('x', Buffer.alloc(16), 32, { ...options, N: 1000 })).rejects.toThrow(
      /scrypt failed/,
    );
    const key = await pool.derive('x', Buffer.alloc(16), 32, options);
    expect(key.length).toBe(32);
  });
});
