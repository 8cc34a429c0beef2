/**
 * The PR workflow's comment on `cdk diff`, written as Markdown to stdout:
 *   tsx scripts/diff-comment.ts --mode aws|no-token|unconfigured --config PATH
 *     [--synth-failed] [--diff FILE --exit-code N]
 * The workflow reads the run URL and commit from GitHub's own environment variables.
 */
import * as fs from 'node:fs';
import { parseArgs } from 'node:util';
import { type DiffMode, diffComment } from '../lib/ci/diff-comment';

const MODES: readonly DiffMode[] = ['aws', 'no-token', 'unconfigured'];
const { values } = parseArgs({
  options: {
    mode: { type: 'string' },
    config: { type: 'string' },
    diff: { type: 'string' },
    'exit-code': { type: 'string', default: '0' },
    'synth-failed': { type: 'boolean', default: false },
  },
});
const mode = values.mode as DiffMode;
if (!MODES.includes(mode) || !values.config) {
  console.error(
    `diff-comment: --mode must be one of ${MODES.join(', ')} and --config a path, got ${JSON.stringify(values)}`,
  );
  process.exit(2);
}
const env = process.env;
console.log(
  diffComment({
    mode,
    config: values.config,
    synthesized: !values['synth-failed'],
    diff: values.diff ? fs.readFileSync(values.diff, 'utf8') : undefined,
    exitCode: Number(values['exit-code']),
    runUrl: `${env.GITHUB_SERVER_URL}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}`,
    sha: env.PR_HEAD_SHA ?? env.GITHUB_SHA ?? 'unknown',
  }),
);
