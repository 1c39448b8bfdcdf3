import { createInterface } from 'node:readline/promises';
import { runSitesCommand } from '@campus/alerting';

// `npm run sites -- import|export|diff FILE` (docs/registry.md): the registry of DATABASE_URL or
// DATA_DIR's embedded database, for an operator at the shell.
const confirm = process.stdin.isTTY
  ? async (question: string): Promise<boolean> => {
      const rl = createInterface({ input: process.stdin, output: process.stderr });
      try {
        return /^y(es)?$/i.test((await rl.question(`${question} [y/N] `)).trim());
      } finally {
        rl.close();
      }
    }
  : undefined;

const code = await runSitesCommand(process.argv.slice(2), {
  env: process.env,
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
  ...(confirm ? { confirm } : {}),
});
// the credential checks' worker threads would keep the process alive
process.exit(code);
