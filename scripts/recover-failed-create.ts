import { runRecoverFailedCreate } from '../lib/recovery/recover-command';

runRecoverFailedCreate(process.argv.slice(2), {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
}).then((code) => process.exit(code));
