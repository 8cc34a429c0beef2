import { spawn } from 'node:child_process';
import { ROOT } from '../support/root';
import type { CaseName, CaseResult, Finding } from './validation-run';

/**
 * The synth-time gates over the whole app and over deliberately broken
 * stacks, all synthesized once in a fresh process by validation-run.ts.
 */
function runCases(): Promise<{ cases: Record<CaseName, CaseResult>; stderr: string }> {
  // CDK_VALIDATION=false, which the unit tests run under, would leave the template validator out.
  const { CDK_VALIDATION: _off, ...env } = process.env;
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/gates/validation-run.ts'], { cwd: ROOT, env });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  return new Promise((resolve, reject) =>
    child.on('close', (code) =>
      code === 0
        ? resolve({ cases: JSON.parse(stdout), stderr })
        : reject(new Error(`validation-run exited ${code}:\n${stderr}`)),
    ),
  );
}

const named = (findings: readonly Finding[]) =>
  findings.flatMap((f) => f.resources.map((r) => `${f.plugin}: ${f.rule} at ${r}`));

let cases: Record<CaseName, CaseResult>;
let stderr: string;
beforeAll(async () => {
  ({ cases, stderr } = await runCases());
}, 180_000);

describe('validation gates over the whole app', () => {
  test('the example has zero unacknowledged cdk-nag and template-validator findings, nested templates included', () => {
    expect(named(cases.example.findings)).toEqual([]);
    expect(cases.example.synthFailed).toBe(false);
  });

  test('so has the example with a rollup region, a SIEM subscriber, the vault trail bucket and Athena over own logs', () => {
    expect(named(cases.options.findings)).toEqual([]);
  });

  test('every StackSet and conformance pack template passes the template validator in every commercial region', () => {
    expect(named(cases.everyRegion.findings)).toEqual([]);
  });

  test('every acknowledgement carries a specific reason', () => {
    const acknowledgements = [...cases.example.acknowledgements, ...cases.options.acknowledgements];
    expect(acknowledgements.length).toBeGreaterThan(0);
    const vague = acknowledgements.filter(({ reason }) => reason.length < 40);
    expect(vague).toEqual([]);
  });

  test('building the landing zone leaves cdk-nag unloaded until its packs run', () => {
    // validation-run builds the example first, in a fresh process, as `cdk synth` does.
    expect(cases.example.nagLoadedBeforeSynth).toBe(false);
  });

  test("cdk-nag's own reads of deprecated properties (EVB1 on the alert bus policy) print nothing", () => {
    expect(stderr).not.toContain('is deprecated');
  });
});

describe('the gates catch what they are for', () => {
  test('a bucket without access logs or TLS enforcement is reported by cdk-nag, and fails synthesis', () => {
    expect(cases.unloggedBucket.synthFailed).toBe(true);
    expect(named(cases.unloggedBucket.findings)).toEqual(
      expect.arrayContaining([
        'AwsSolutions: AwsSolutions-S1 at Bad/Bucket/Resource',
        'AwsSolutions: AwsSolutions-S10 at Bad/Bucket/Resource',
        'NIST.800.53.R5: NIST.800.53.R5-S3BucketLoggingEnabled at Bad/Bucket/Resource',
      ]),
    );
  });

  test('an invalid property value is reported by the template validator, which runs before the cdk-nag packs', () => {
    expect(cases.invalidProperty.synthFailed).toBe(true);
    expect(cases.invalidProperty.findings.some((f) => f.plugin === 'CloudFormation Validate')).toBe(true);
    expect(cases.invalidProperty.plugins).toEqual(['CloudFormation Validate', 'AwsSolutions', 'NIST.800.53.R5']);
  });

  test("a StackSet template with an unknown property fails synthesis, reported in each of the StackSet's regions", () => {
    expect(cases.invalidStackSet.synthFailed).toBe(true);
    expect(named(cases.invalidStackSet.findings)).toEqual([
      'CloudFormation Validate: F3002 at Bad/StackSet/Topic in eu-west-1',
      'CloudFormation Validate: F3002 at Bad/StackSet/Topic in us-east-1',
    ]);
  });

  test('a StackSet template over the 51,200 bytes CloudFormation takes inline fails synthesis', () => {
    // CreateStackSet's TemplateBody is "a maximum length of 51,200 bytes"; the schema's maxLength says so.
    expect(cases.oversizedStackSet.synthFailed).toBe(true);
    expect(named(cases.oversizedStackSet.findings)).toEqual(['CloudFormation Validate: F3033 at Bad/StackSet']);
  });

  test('a conformance pack a StackSet carries is validated too, in the regions of the StackSet', () => {
    expect(cases.invalidNestedPack.synthFailed).toBe(true);
    expect(named(cases.invalidNestedPack.findings)).toEqual([
      'CloudFormation Validate: F3002 at Bad/StackSet/Pack/Rule in eu-central-1',
    ]);
  });
});
