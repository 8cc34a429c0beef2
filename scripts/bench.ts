/**
 * `npm run bench`: how long `cdk synth` takes for the landing zone compared to an
 * empty CDK app, through the same CLI and cdk.json, and how long `npm test` takes.
 *
 *   npm run bench [-- --runs 5] [--skip-tests]
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { stringify } from 'yaml';
import { loadConfig } from '../lib/config/loader';
import { COMMERCIAL_REGIONS } from '../lib/config/regions';
import { configSource, describeSource } from '../lib/config/source';

const ROOT = path.resolve(__dirname, '..');
const CDK = path.join(ROOT, 'node_modules/aws-cdk/bin/cdk');
const PRELOAD = path.join(__dirname, 'bench/report-peak-memory.cjs');

interface Scenario {
  readonly name: string;
  readonly app: string;
  readonly context?: Record<string, string>;
}

interface Sample {
  readonly seconds: number;
  readonly peakMb: number;
}

const APP_ENTRY = 'bin/landing-zone.ts';

/**
 * cdk.json's own app command with `entry` in place of the landing zone, so the
 * empty app runs with exactly the node flags the landing zone does.
 */
function appCommand(entry: string): string {
  const { app } = JSON.parse(fs.readFileSync(path.join(ROOT, 'cdk.json'), 'utf8')) as { app: string };
  const match = /^node (.*)\b(bin\/landing-zone\.ts)$/.exec(app);
  if (!match) throw new Error(`cdk.json app must be "node <flags> ${APP_ENTRY}", got ${app}`);
  return `node --require ${PRELOAD} ${match[1]}${entry}`;
}

/** The config (LANDING_ZONE_CONFIG, else the example) governing every commercial region: the worst case for per-region stacks. */
function allRegionsConfig(): string {
  const source = configSource(undefined, process.env);
  console.error(describeSource(source));
  const config = loadConfig(path.resolve(ROOT, source.path));
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'lz-bench-')), 'all-regions.yaml');
  fs.writeFileSync(file, stringify({ ...config, regions: { ...config.regions, governed: [...COMMERCIAL_REGIONS] } }));
  return file;
}

function synthOnce(scenario: Scenario): Sample {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'lz-bench-out-'));
  const memoryFile = path.join(outdir, '.peak-memory');
  const contextArgs = Object.entries(scenario.context ?? {}).flatMap(([k, v]) => ['-c', `${k}=${v}`]);
  const started = process.hrtime.bigint();
  const result = spawnSync(
    process.execPath,
    [CDK, 'synth', '--quiet', '--app', scenario.app, '-o', outdir, ...contextArgs],
    {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, CDK_DISABLE_CLI_TELEMETRY: 'true', BENCH_PEAK_MEMORY_FILE: memoryFile },
    },
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (result.status !== 0) throw new Error(`${scenario.name}: cdk synth failed\n${result.stderr}`);
  const peakMb = Number(fs.readFileSync(memoryFile, 'utf8')) / 1024;
  fs.rmSync(outdir, { recursive: true, force: true });
  return { seconds, peakMb };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function main() {
  const { values } = parseArgs({
    options: { runs: { type: 'string', default: '5' }, 'skip-tests': { type: 'boolean', default: false } },
  });
  const runs = Number(values.runs);
  const scenarios: Scenario[] = [
    { name: 'empty CDK app', app: appCommand('scripts/bench/empty-app.ts') },
    { name: 'landing zone (example)', app: appCommand(APP_ENTRY) },
    {
      name: 'landing zone (all regions)',
      app: appCommand(APP_ENTRY),
      context: { config: allRegionsConfig() },
    },
  ];
  for (const scenario of scenarios) synthOnce(scenario); // warm the file cache and tsx's transform cache
  // Round-robin, so a drift in the machine's load affects every scenario alike.
  const samples = new Map<string, Sample[]>(scenarios.map((s) => [s.name, []]));
  for (let i = 0; i < runs; i++) {
    for (const scenario of scenarios) samples.get(scenario.name)!.push(synthOnce(scenario));
  }
  const results = new Map(
    [...samples].map(([name, list]) => [
      name,
      { seconds: median(list.map((s) => s.seconds)), peakMb: median(list.map((s) => s.peakMb)) },
    ]),
  );

  const empty = results.get('empty CDK app')!;
  console.log(`cdk synth, median of ${runs} runs (wall time of the CLI; peak RSS of the app process)`);
  console.log('scenario                      wall (s)  vs empty  peak app memory (MB)  vs empty');
  for (const [name, r] of results) {
    console.log(
      `${name.padEnd(28)}  ${r.seconds.toFixed(2).padStart(8)}  ${(r.seconds / empty.seconds).toFixed(2).padStart(7)}x  ${r.peakMb.toFixed(0).padStart(20)}  ${(r.peakMb / empty.peakMb).toFixed(2).padStart(7)}x`,
    );
  }

  if (!values['skip-tests']) {
    const started = process.hrtime.bigint();
    const test = spawnSync('npm', ['test', '--silent'], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, CI: 'true' },
    });
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    console.log(`npm test: ${seconds.toFixed(1)} s wall (${test.status === 0 ? 'passed' : 'FAILED'})`);
    if (test.status !== 0) process.exitCode = 1;
  }
}

main();
