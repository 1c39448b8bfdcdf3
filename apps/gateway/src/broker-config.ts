import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import {
  brokerAccounts,
  brokerConfigFiles,
  parseSites,
  passwordInEnv,
  passwordsFor,
  SitesFileError,
} from '@campus/device-protocols';

// `npm run broker-config -- --sites FILE [--out DIR]`: the central broker's accounts and ACL for the
// sites file's `gateways:` and `alertServices:` (docs/deployment.md, "The central broker").
const USAGE =
  'usage: npm run broker-config -- --sites FILE [--out DIR] [--broker-url mqtt://central:1883] ' +
  '[--install-dir /etc/mosquitto/campus] [--port 1883] [--persistence DIR]';

const { values } = parseArgs({
  options: {
    sites: { type: 'string' },
    out: { type: 'string' },
    'broker-url': { type: 'string' },
    'install-dir': { type: 'string' },
    port: { type: 'string' },
    persistence: { type: 'string' },
  },
});
if (!values.sites) {
  console.error(USAGE);
  process.exit(2);
}
const port = values.port === undefined ? undefined : Number(values.port);
if (port !== undefined && !(Number.isInteger(port) && port > 0 && port < 65536)) {
  console.error(`--port: expected a TCP port 1–65535, got ${values.port}`);
  process.exit(2);
}
try {
  const sites = parseSites(await readFile(values.sites, 'utf8'), values.sites);
  if (sites.gateways.length === 0) {
    console.error(
      `${values.sites} declares no gateways: add a "gateways:" list (id, schools) — see docs/sites-file.md`,
    );
    process.exit(1);
  }
  const out = values.out === undefined ? undefined : resolve(values.out);
  const accounts = brokerAccounts(sites);
  // A re-run keeps the passwords already handed out (accounts/<username>.env); new accounts get new ones.
  const known = new Map<string, string>();
  if (out !== undefined) {
    for (const a of accounts) {
      const text = await readFile(join(out, 'accounts', `${a.username}.env`), 'utf8').catch(() => undefined);
      const password = text === undefined ? undefined : passwordInEnv(text);
      if (password !== undefined) known.set(a.username, password);
    }
  }
  const installDir =
    values['install-dir'] ?? (out === undefined ? '/etc/mosquitto/campus' : join(out, 'mosquitto'));
  const files = brokerConfigFiles(accounts, passwordsFor(accounts, known), {
    mosquittoDir: resolve(installDir),
    emqxAclPath: '/opt/emqx/etc/acl.conf',
    brokerUrl: values['broker-url'] ?? `mqtt://central-broker:${port ?? 1883}`,
    ...(port === undefined ? {} : { port }),
    ...(values.persistence === undefined ? {} : { persistenceLocation: resolve(values.persistence) }),
  });
  if (out === undefined) {
    for (const file of files) process.stdout.write(`### ${file.path}\n${file.content}\n`);
  } else {
    for (const file of files) {
      const path = join(out, file.path);
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, file.content, { mode: file.mode });
      await chmod(path, file.mode);
    }
    console.log(
      `wrote ${files.length} files under ${out}: mosquitto/ (campus.conf, passwd, acl), emqx/, ` +
        `accounts/ (one .env per gateway and alert-service replica; ${known.size} password(s) kept, ` +
        `${accounts.length - known.size} new)`,
    );
  }
} catch (err) {
  console.error(
    err instanceof SitesFileError ? err.message : `broker-config failed: ${(err as Error).message}`,
  );
  process.exit(1);
}
