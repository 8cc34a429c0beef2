/**
 * Synthesizes the landing zone's validation cases in one fresh process, as
 * `cdk synth` runs them, and prints what each gate reported as JSON:
 *
 *   node --import tsx test/gates/validation-run.ts
 *
 * A process of its own because the template validator's WebAssembly engine
 * starts with hundreds of garbage collections, each as slow as the heap is
 * large: under Jest, whose heap holds every module a test file loaded, the
 * same synth takes several times as long. validation.test.ts runs this once.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App, CfnStackSet, Stack, Validations } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { configSchema, type LandingZoneConfig } from '../../lib/config/schema';
import { loadConfig } from '../../lib/config/loader';
import { COMMERCIAL_REGIONS } from '../../lib/config/regions';
import { LandingZoneTemplateValidation } from '../../lib/nested-template-validation';
import { addValidationPlugins } from '../../lib/validation-plugins';

const ROOT = path.resolve(__dirname, '../..');
const CONTEXT = JSON.parse(fs.readFileSync(path.join(ROOT, 'cdk.json'), 'utf8')).context;

export interface Finding {
  readonly plugin: string;
  readonly rule: string;
  readonly resources: readonly string[];
}

export interface CaseResult {
  /** Every plugin that ran, in the order it ran. */
  readonly plugins: readonly string[];
  readonly findings: readonly Finding[];
  readonly synthFailed: boolean;
  /** The acknowledgements of every construct: rule ID and reason. */
  readonly acknowledgements: ReadonlyArray<{ readonly id: string; readonly reason: string }>;
  /** Whether cdk-nag was loaded once the app was built, before synthesis. */
  readonly nagLoadedBeforeSynth: boolean;
}

/** One validator for every case: its engine starts once. */
const templateValidation = new LandingZoneTemplateValidation();

const nagLoaded = () => Object.keys(require.cache).some((file) => file.includes(`${path.sep}cdk-nag${path.sep}`));

function newApp(): App {
  return new App({ context: CONTEXT, outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'lz-validation-')) });
}

function synthesize(app: App): CaseResult {
  const nagLoadedBeforeSynth = nagLoaded();
  let synthFailed = false;
  try {
    app.synth();
  } catch {
    synthFailed = true;
  }
  const report = JSON.parse(fs.readFileSync(path.join(app.outdir, 'validation-report.json'), 'utf8'));
  const acknowledgements = app.node
    .findAll()
    .flatMap((c) => c.node.metadata.filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY))
    .flatMap((m) => Object.entries(m.data as Record<string, string>).map(([id, reason]) => ({ id, reason })));
  return {
    plugins: report.pluginReports.map((r: { pluginName: string }) => r.pluginName),
    findings: report.pluginReports.flatMap(
      (r: { pluginName: string; violations: Array<{ ruleName: string; violatingConstructs: any[] }> }) =>
        r.violations.map((v) => ({
          plugin: r.pluginName,
          rule: v.ruleName,
          resources: v.violatingConstructs.map((x) => x.constructPath ?? x.templatePath),
        })),
    ),
    synthFailed,
    acknowledgements,
    nagLoadedBeforeSynth,
  };
}

function landingZone(config: LandingZoneConfig, nag: boolean): CaseResult {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- after the config, as bin/ loads it
  const { buildLandingZone } = require('../../lib/landing-zone') as typeof import('../../lib/landing-zone');
  const app = newApp();
  buildLandingZone(app, config, { nag: false });
  // As buildLandingZone registers them with cdk-nag, but with the shared validator.
  if (nag) addValidationPlugins(app, { templateValidation });
  else Validations.of(app).addPlugins(templateValidation);
  return synthesize(app);
}

function exampleWith(overrides: (raw: Record<string, any>) => void): LandingZoneConfig {
  const raw = structuredClone(loadConfig(path.join(ROOT, 'config/landing-zone.example.yaml'))) as Record<string, any>;
  overrides(raw);
  return configSchema.parse(raw);
}

/** A stack in log-archive's home region, under the landing zone's gates. */
function badStack(build: (stack: Stack) => void): CaseResult {
  const app = newApp();
  build(new Stack(app, 'Bad', { env: { account: '222222222222', region: 'eu-west-1' } }));
  addValidationPlugins(app, { templateValidation });
  return synthesize(app);
}

export const CASES = {
  /** The example, as `cdk synth` builds it: cdk-nag's two packs and the template validator. */
  example: () =>
    landingZone(
      exampleWith(() => undefined),
      true,
    ),
  /** What the example leaves off: a rollup region, a SIEM subscriber, the vault trail bucket, Athena over own logs. */
  options: () =>
    landingZone(
      exampleWith((raw) => {
        raw.securityLake.rollupRegion = 'eu-central-1';
        raw.securityLake.siem = {
          accountId: '555555555555',
          externalId: 'vendor-given-id',
          endpoint: 'https://siem.example.com/security-lake',
        };
        raw.logArchive.trailBucket.mfaDelete = 'vault';
        delete raw.logArchive.trailBucket.lifecycle;
        raw.logArchive.ownLogs = { athena: true };
      }),
      true,
    ),
  /** Every commercial region governed: each StackSet's widest reach, under the template validator. */
  everyRegion: () =>
    landingZone(
      exampleWith((raw) => {
        raw.regions.governed = [...COMMERCIAL_REGIONS];
      }),
      false,
    ),
  /** A bucket with neither access logs nor TLS enforcement. */
  unloggedBucket: () => badStack((stack) => new s3.Bucket(stack, 'Bucket', { enforceSSL: false })),
  /** A property value CloudFormation rejects, in a bucket cdk-nag rejects too. */
  invalidProperty: () =>
    badStack((stack) => {
      const bucket = new s3.Bucket(stack, 'Bucket');
      (bucket.node.defaultChild as s3.CfnBucket).addPropertyOverride('VersioningConfiguration.Status', 'Sometimes');
    }),
  /** A StackSet, deployed to two regions, whose template misspells a property. */
  invalidStackSet: () =>
    badStack((stack) => {
      new CfnStackSet(stack, 'StackSet', {
        stackSetName: 'bad',
        permissionModel: 'SELF_MANAGED',
        stackInstancesGroup: [
          { deploymentTargets: { accounts: ['222222222222'] }, regions: ['eu-west-1', 'us-east-1'] },
        ],
        templateBody: JSON.stringify({
          Resources: { Topic: { Type: 'AWS::SNS::Topic', Properties: { TopicNam: 'typo' } } },
        }),
      });
    }),
  /** A StackSet whose template is larger than CloudFormation takes inline. */
  oversizedStackSet: () =>
    badStack((stack) => {
      const description = 'x'.repeat(1024);
      const topics = Object.fromEntries(
        Array.from({ length: 50 }, (_, i) => [
          `Topic${i}`,
          { Type: 'AWS::SNS::Topic', Properties: { DisplayName: 'big' } },
        ]),
      );
      new CfnStackSet(stack, 'StackSet', {
        stackSetName: 'big',
        permissionModel: 'SELF_MANAGED',
        stackInstancesGroup: [{ deploymentTargets: { accounts: ['222222222222'] }, regions: ['eu-west-1'] }],
        templateBody: JSON.stringify({
          Description: description,
          Metadata: { Padding: 'y'.repeat(51_200) },
          Resources: topics,
        }),
      });
    }),
  /** A conformance pack carried by a StackSet, whose rule names a property Config rules lack. */
  invalidNestedPack: () =>
    badStack((stack) => {
      const pack = {
        Resources: {
          Rule: {
            Type: 'AWS::Config::ConfigRule',
            Properties: { Source: { Owner: 'AWS', SourceIdentifier: 'CLOUD_TRAIL_ENABLED' }, Scop: {} },
          },
        },
      };
      new CfnStackSet(stack, 'StackSet', {
        stackSetName: 'bad-pack',
        permissionModel: 'SELF_MANAGED',
        stackInstancesGroup: [{ deploymentTargets: { accounts: ['222222222222'] }, regions: ['eu-central-1'] }],
        templateBody: JSON.stringify({
          Resources: {
            Pack: {
              Type: 'AWS::Config::OrganizationConformancePack',
              Properties: { OrganizationConformancePackName: 'bad', TemplateBody: JSON.stringify(pack) },
            },
          },
        }),
      });
    }),
} satisfies Record<string, () => CaseResult>;

export type CaseName = keyof typeof CASES;

if (require.main === module) {
  const names = (process.argv.slice(2).length > 0 ? process.argv.slice(2) : Object.keys(CASES)) as CaseName[];
  const results = Object.fromEntries(names.map((name) => [name, CASES[name]()]));
  process.stdout.write(`${JSON.stringify(results)}\n`);
}
