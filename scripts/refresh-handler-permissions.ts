/**
 * `npm run refresh:handler-permissions [-- --source PATH_OR_URL] [-- --types A::B::C,...]`
 *
 * Rebuilds the vendored CloudFormation handler permissions that the
 * handler-permissions gate reads (test/fixtures/cfn-registry/): the types it
 * holds already plus `--types`, from AWS's schema archive by default, or from
 * a local copy of it, a single schema or an extracted JSON map (`--source`).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseSource, SCHEMA_ARCHIVE_URL, subset } from './cfn-registry';

export const VENDORED_PATH = path.join(__dirname, '..', 'test', 'fixtures', 'cfn-registry', 'handler-permissions.json');

interface Options {
  readonly source: string;
  readonly types: readonly string[];
}

function parseArgs(argv: readonly string[]): Options {
  let source = SCHEMA_ARCHIVE_URL;
  const types: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split(/=(.*)/s);
    const value = inline ?? argv[++i];
    if (value === undefined || value.startsWith('--')) throw new Error(`${flag} needs a value`);
    if (flag === '--source') source = value;
    else if (flag === '--types') types.push(...value.split(',').map((t) => t.trim()));
    else throw new Error(`unknown option ${flag}; use --source PATH_OR_URL or --types A::B::C,...`);
  }
  const bad = types.find((t) => !/^[A-Za-z0-9]+::[A-Za-z0-9]+::[A-Za-z0-9]+$/.test(t));
  if (bad) throw new Error(`--types must list resource types such as AWS::SNS::Topic, got ${bad}`);
  return { source, types };
}

async function read(source: string): Promise<Buffer> {
  if (!/^https?:\/\//.test(source)) {
    if (!fs.existsSync(source)) throw new Error(`--source ${source} does not exist`);
    return fs.readFileSync(source);
  }
  let response: Response;
  try {
    response = await fetch(source);
  } catch (error) {
    throw new Error(
      `cannot download ${source} (${(error as Error).message}); download it elsewhere and pass --source PATH`,
    );
  }
  if (!response.ok) throw new Error(`cannot download ${source}: HTTP ${response.status}`);
  return Buffer.from(await response.arrayBuffer());
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const current = fs.existsSync(VENDORED_PATH) ? JSON.parse(fs.readFileSync(VENDORED_PATH, 'utf8')) : { types: {} };
  const types = [...new Set([...Object.keys(current.types), ...options.types])];
  if (types.length === 0) throw new Error('nothing to vendor: pass --types A::B::C,...');
  const all = parseSource(await read(options.source), options.source);
  const vendored = {
    source:
      options.source === SCHEMA_ARCHIVE_URL
        ? SCHEMA_ARCHIVE_URL
        : `${path.basename(options.source)}, from ${SCHEMA_ARCHIVE_URL}`,
    retrieved: new Date().toISOString().slice(0, 10),
    types: subset(all, types, options.source),
  };
  fs.writeFileSync(VENDORED_PATH, `${JSON.stringify(vendored, null, 2)}\n`);
  console.log(`wrote ${types.length} resource types to ${path.relative(process.cwd(), VENDORED_PATH)}`);
}

main().catch((error: Error) => {
  console.error(`refresh:handler-permissions: ${error.message}`);
  process.exit(1);
});
