import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CloudAssembly } from 'aws-cdk-lib/cx-api';
import type { LandingZoneConfig } from '../../lib/config/schema';
import { CDK_CONTEXT, exampleConfig, ROOT, synthLandingZone } from './app';

/**
 * The landing zone synthesized from a config, once for every test file that
 * reads only its cloud assembly (the whole-app gates, the access matrix):
 * building the app costs each file seconds, and they would all build the
 * same one. The assembly is kept under node_modules/.cache, by a hash of
 * the config, cdk.json's context and every file the synthesis reads (lib/,
 * the test app builder, package-lock.json): any change to them synthesizes
 * anew. Test files run in
 * parallel workers, so the first one synthesizes while the others wait.
 */
export function landingZoneAssembly(config: LandingZoneConfig = exampleConfig()): CloudAssembly {
  const dir = path.join(CACHE, cacheKey(config));
  if (fs.existsSync(path.join(dir, COMPLETE))) fs.utimesSync(dir, new Date(), new Date());
  else synthesizeOnce(config, dir);
  return new CloudAssembly(dir);
}

const CACHE = path.join(ROOT, 'node_modules/.cache/lz-assemblies');
const COMPLETE = '.complete';
/** A lock older than this was left by a worker that died; a synthesis takes seconds. */
const STALE_LOCK_MS = 120_000;

function synthesizeOnce(config: LandingZoneConfig, dir: string): void {
  fs.mkdirSync(CACHE, { recursive: true });
  const lock = `${dir}.lock`;
  for (;;) {
    try {
      fs.mkdirSync(lock);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      if (fs.existsSync(path.join(dir, COMPLETE))) return;
      if (Date.now() - fs.statSync(lock).mtimeMs > STALE_LOCK_MS) fs.rmSync(lock, { recursive: true, force: true });
      else sleep(100);
    }
  }
  try {
    if (fs.existsSync(path.join(dir, COMPLETE))) return;
    const assembly = synthLandingZone(config).app.synth();
    const staged = fs.mkdtempSync(`${dir}.staged-`);
    fs.cpSync(assembly.directory, staged, { recursive: true });
    fs.writeFileSync(path.join(staged, COMPLETE), '');
    fs.rmSync(dir, { recursive: true, force: true });
    fs.renameSync(staged, dir);
    prune();
  } finally {
    fs.rmSync(lock, { recursive: true, force: true });
  }
}

/** Assemblies of older sources, unused for a day, go: each change to lib/ leaves one behind. */
function prune(): void {
  const dayAgo = Date.now() - 24 * 3600_000;
  for (const entry of fs.readdirSync(CACHE)) {
    const full = path.join(CACHE, entry);
    if (fs.statSync(full).mtimeMs < dayAgo) fs.rmSync(full, { recursive: true, force: true });
  }
}

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function cacheKey(config: LandingZoneConfig): string {
  const hash = createHash('sha256');
  hash.update(JSON.stringify(config));
  hash.update(JSON.stringify(CDK_CONTEXT));
  for (const file of [
    path.join(ROOT, 'package-lock.json'),
    path.join(__dirname, 'app.ts'),
    ...filesUnder(path.join(ROOT, 'lib')),
  ]) {
    hash.update(path.relative(ROOT, file));
    hash.update(fs.readFileSync(file));
  }
  return hash.digest('hex').slice(0, 24);
}

function filesUnder(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((entry) => {
      const full = path.join(dir, entry.name);
      return entry.isDirectory() ? filesUnder(full) : [full];
    });
}
