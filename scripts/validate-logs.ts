/** `npm run validate-logs -- --account ID --region R --start ISO [...]`: verifies the trail's digest chain. Logic: lib/integrity. */
import * as fs from 'node:fs';
import { DEFAULT_CONFIG_PATH } from '../lib/config/loader';
import { awsConnect } from '../lib/integrity/aws';
import { runValidateLogs } from '../lib/integrity/command';

void runValidateLogs(
  process.argv.slice(2),
  {
    out: (text) => process.stdout.write(`${text}\n`),
    err: (text) => process.stderr.write(`${text}\n`),
    readFile: (path) => fs.readFileSync(path, 'utf8'),
  },
  {
    connect: awsConnect({
      connectionTimeoutMs: Number(process.env.LZ_VALIDATE_CONNECT_TIMEOUT_MS) || undefined,
      requestTimeoutMs: Number(process.env.LZ_VALIDATE_REQUEST_TIMEOUT_MS) || undefined,
    }),
  },
  process.env.LANDING_ZONE_CONFIG || DEFAULT_CONFIG_PATH,
).then((code) => {
  process.exitCode = code;
});
