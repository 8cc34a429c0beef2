import * as fs from 'node:fs';
import * as path from 'node:path';
import * as os from 'node:os';
import { CfnStackSet, CloudFormationValidatePlugin, Stack, Validations } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import type { CloudAssembly } from 'aws-cdk-lib/cx-api';
import { COMMERCIAL_REGIONS } from '../../lib/config/regions';
import { buildLandingZone } from '../../lib/landing-zone';
import { addValidationPlugins } from '../../lib/validation-plugins';
import { configWith, exampleConfig, newApp } from '../support/app';

interface Report {
  pluginReports: Array<{ pluginName: string; violations: Array<{ ruleName: string; violatingResources: unknown[] }> }>;
}

function readReport(outdir: string): Report {
  return JSON.parse(fs.readFileSync(path.join(outdir, 'validation-report.json'), 'utf8'));
}

function findings(report: Report): string[] {
  return report.pluginReports.flatMap((r) => r.violations.map((v) => `${r.pluginName}: ${v.ruleName}`));
}

/**
 * The template validator over every StackSet's template, in each region it is
 * deployed to: synthesis validates only the stacks' own templates, and a
 * resource type a region lacks fails only there.
 */
function stackSetFindings(assembly: CloudAssembly): string[] {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lz-stack-sets-'));
  const stackTemplates = assembly.stacks.flatMap((stack) =>
    Object.entries<any>(stack.template.Resources)
      .filter(([, resource]) => resource.Type === 'AWS::CloudFormation::StackSet')
      .flatMap(([logicalId, { Properties: props }]) => {
        const templatePath = path.join(dir, `${stack.stackName}-${logicalId}.json`);
        fs.writeFileSync(templatePath, props.TemplateBody);
        return props.StackInstancesGroup.flatMap((group: { Regions: string[] }) =>
          group.Regions.map((region) => ({
            stackConstructPath: `${stack.stackName}/${logicalId} in ${region}`,
            templatePath,
            accountId: stack.environment.account,
            region,
          })),
        );
      }),
  );
  expect(stackTemplates.length).toBeGreaterThan(0);
  const { violations } = new CloudFormationValidatePlugin().validate({
    stackTemplates,
    templatePaths: stackTemplates.map((t) => t.templatePath),
    appConstruct: assembly as never,
  });
  return violations.flatMap((v) =>
    v.violatingResources.map((r) => `${v.ruleName} ${r.templatePath} ${r.resourceLogicalId}: ${v.description}`),
  );
}

describe('validation gates over the whole app', () => {
  // GIVEN the example landing zone with cdk-nag and the CloudFormation template validator
  const app = newApp({}, { templateValidation: true });
  buildLandingZone(app, exampleConfig());

  test('has zero unacknowledged cdk-nag and template-validator findings', () => {
    // WHEN it is synthesized
    const assembly = app.synth();
    // THEN the validation report lists nothing
    expect(findings(readReport(assembly.directory))).toEqual([]);
  });

  test('every StackSet template passes the template validator in every region of the example', () => {
    expect(stackSetFindings(app.synth())).toEqual([]);
  });

  test('every StackSet template passes the template validator in every commercial region', () => {
    // GIVEN every commercial region governed, the widest reach of every StackSet
    const wide = newApp();
    buildLandingZone(
      wide,
      configWith((raw) => {
        raw.regions.governed = [...COMMERCIAL_REGIONS];
      }),
      { nag: false },
    );
    expect(stackSetFindings(wide.synth())).toEqual([]);
  });

  test('every acknowledgement carries a specific reason', () => {
    const acknowledgements = app.node
      .findAll()
      .flatMap((c) => c.node.metadata.filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY))
      .flatMap((m) => Object.entries(m.data as Record<string, string>).map(([id, reason]) => ({ id, reason })));
    expect(acknowledgements.length).toBeGreaterThan(0);
    for (const { id, reason } of acknowledgements) {
      expect({ id, reasonIsSpecific: reason.length >= 40 }).toEqual({ id, reasonIsSpecific: true });
    }
  });
});

describe('the gates catch what they are for', () => {
  test('a bucket without access logs or TLS enforcement is reported by cdk-nag', () => {
    // GIVEN a deliberately non-compliant bucket under both packs, registered as the landing zone registers them
    const app = newApp({}, { templateValidation: true });
    const stack = new Stack(app, 'Bad', { env: { account: '222222222222', region: 'eu-west-1' } });
    new s3.Bucket(stack, 'Bucket', { enforceSSL: false });
    addValidationPlugins(app);
    // WHEN it is synthesized THEN synthesis fails and the report names the rules
    expect(() => app.synth()).toThrow(/AwsSolutions-S1/);
    expect(findings(readReport(app.outdir))).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/AwsSolutions-S1$/),
        expect.stringMatching(/AwsSolutions-S10$/),
        expect.stringMatching(/NIST\.800\.53\.R5-S3BucketLoggingEnabled$/),
      ]),
    );
  });

  test('an invalid property value is reported by the template validator', () => {
    // GIVEN a lifecycle rule CloudFormation would reject (transition to an unknown storage class)
    const app = newApp({}, { templateValidation: true });
    const stack = new Stack(app, 'Bad', { env: { account: '222222222222', region: 'eu-west-1' } });
    const bucket = new s3.Bucket(stack, 'Bucket');
    (bucket.node.defaultChild as s3.CfnBucket).addPropertyOverride('VersioningConfiguration.Status', 'Sometimes');
    // WHEN it is synthesized THEN the validator fails synthesis
    expect(() => app.synth()).toThrow(/Sometimes|VersioningConfiguration/);
    expect(findings(readReport(app.outdir)).some((f) => f.startsWith('CloudFormation Validate'))).toBe(true);
  });

  test('the template validator runs before the cdk-nag packs, each reporting what it finds', () => {
    // GIVEN a bucket both the validator and cdk-nag reject, with the validator on as under `cdk synth`
    const previous = process.env.CDK_VALIDATION;
    delete process.env.CDK_VALIDATION;
    try {
      const app = newApp();
      const stack = new Stack(app, 'Bad', { env: { account: '222222222222', region: 'eu-west-1' } });
      const bucket = new s3.Bucket(stack, 'Bucket');
      (bucket.node.defaultChild as s3.CfnBucket).addPropertyOverride('VersioningConfiguration.Status', 'Sometimes');
      addValidationPlugins(app);
      // WHEN it is synthesized THEN each gate reports, in the order they ran
      expect(() => app.synth()).toThrow();
      expect(readReport(app.outdir).pluginReports.map((r) => r.pluginName)).toEqual([
        'CloudFormation Validate',
        'AwsSolutions',
        'NIST.800.53.R5',
      ]);
    } finally {
      process.env.CDK_VALIDATION = previous;
    }
  });

  test('a StackSet template with an unknown property is reported in each of its regions', () => {
    // GIVEN a StackSet whose template CloudFormation would reject, deployed to two regions
    const app = newApp();
    const stack = new Stack(app, 'Bad', { env: { account: '222222222222', region: 'eu-west-1' } });
    new CfnStackSet(stack, 'StackSet', {
      stackSetName: 'bad',
      permissionModel: 'SELF_MANAGED',
      stackInstancesGroup: [{ deploymentTargets: { accounts: ['222222222222'] }, regions: ['eu-west-1', 'us-east-1'] }],
      templateBody: JSON.stringify({
        Resources: { Topic: { Type: 'AWS::SNS::Topic', Properties: { TopicNam: 'typo' } } },
      }),
    });
    // WHEN its StackSet templates are validated THEN both instances report the property
    const reported = stackSetFindings(app.synth());
    expect(reported).toHaveLength(2);
    expect(reported.every((f) => f.includes('Topic') && f.includes('TopicNam'))).toBe(true);
  });
});
