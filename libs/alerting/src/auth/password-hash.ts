import { randomBytes, scrypt } from 'node:crypto';
import { SCRYPT_DEFAULTS } from '@campus/device-protocols';

/**
 * A new scrypt hash of `plain` in the sites file's `passwordHash` format (`hashSecret`'s, see
 * docs/sites-file.md), derived on the libuv thread pool so the event loop keeps serving alarms.
 */
export function hashPassword(plain: string): Promise<string> {
  const { N, r, p, saltBytes, keyBytes } = SCRYPT_DEFAULTS;
  const salt = randomBytes(saltBytes);
  return new Promise((resolve, reject) =>
    scrypt(
      Buffer.from(plain, 'utf8'),
      salt,
      keyBytes,
      { N, r, p, maxmem: 128 * N * r + 32 * 1024 * 1024 },
      (err, key) =>
        err
          ? reject(err)
          : resolve(['scrypt', N, r, p, salt.toString('base64'), key.toString('base64')].join('$')),
    ),
  );
}
