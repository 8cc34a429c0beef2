import { Match, Template } from 'aws-cdk-lib/assertions';
import { Naming } from '../../lib/naming';
import { LogArchiveStack } from '../../lib/stacks/log-archive-stack';
import { configWith, newApp, synthLandingZone } from '../support/app';

describe('LogArchive stack', () => {
  const { stacks, template } = synthLandingZone();

  test('lives in the log-archive account and home region, with termination protection', () => {
    expect(stacks.logArchive.account).toBe('222222222222');
    expect(stacks.logArchive.region).toBe('eu-west-1');
    expect(stacks.logArchive.terminationProtection).toBe(true);
  });

  test('creates one log key and the trail, config and access-log buckets by their shared names', () => {
    const t = template('logArchive');
    // The log key, and the key GuardDuty encrypts exported findings with.
    t.resourceCountIs('AWS::KMS::Key', 2);
    t.hasResourceProperties('AWS::KMS::Alias', { AliasName: 'alias/lz/logs' });
    for (const name of [
      'lz-cloudtrail-222222222222-eu-west-1',
      'lz-config-222222222222-eu-west-1',
      'lz-s3-access-logs-222222222222-eu-west-1',
      'lz-guardduty-findings-222222222222-eu-west-1',
      'lz-athena-results-222222222222-eu-west-1',
    ]) {
      t.hasResourceProperties('AWS::S3::Bucket', { BucketName: name });
    }
    t.resourceCountIs('AWS::S3::Bucket', 5);
  });

  test('only the trail bucket has Object Lock', () => {
    const buckets = Object.values(template('logArchive').findResources('AWS::S3::Bucket'));
    expect(buckets.filter((b) => b.Properties.ObjectLockEnabled).map((b) => b.Properties.BucketName)).toEqual([
      'lz-cloudtrail-222222222222-eu-west-1',
    ]);
  });

  test('says which delete protection is in force', () => {
    template('logArchive').hasOutput('TrailBucketDeleteProtection', { Value: Match.stringLikeRegexp('^policy: ') });
  });

  test('vault mode leaves the trail bucket without lifecycle rules and says so', () => {
    const vault = synthLandingZone(
      configWith((raw) => {
        raw.logArchive.trailBucket = { mfaDelete: 'vault', objectLock: { mode: 'COMPLIANCE', days: 3650 } };
      }),
    ).template('logArchive');
    vault.hasResourceProperties('AWS::S3::Bucket', {
      BucketName: 'lz-cloudtrail-222222222222-eu-west-1',
      LifecycleConfiguration: Match.absent(),
      ObjectLockConfiguration: {
        ObjectLockEnabled: 'Enabled',
        Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Days: 3650 } },
      },
    });
    vault.hasOutput('TrailBucketDeleteProtection', { Value: Match.stringLikeRegexp('^vault: ') });
  });

  test("admits every account's own-logs reader to the trail bucket and log key, unless own logs are off", () => {
    const sids = (t: Template) =>
      JSON.stringify([t.findResources('AWS::S3::BucketPolicy'), t.findResources('AWS::KMS::Key')]).match(
        /OwnLogsReaders\w+/g,
      ) ?? [];
    expect([...new Set(sids(template('logArchive')))].sort()).toEqual([
      'OwnLogsReadersDecryptTrailFilesThroughS3',
      'OwnLogsReadersListOwnPrefix',
      'OwnLogsReadersLocateBucket',
      'OwnLogsReadersReadOwnPrefix',
    ]);
    const off = configWith((raw) => {
      raw.logArchive.ownLogs = { enabled: false };
    });
    const stack = new LogArchiveStack(newApp(), 'LogArchive', {
      env: { account: off.accounts.logArchive, region: off.regions.home },
      naming: new Naming(off),
      logArchive: off.logArchive,
    });
    expect(sids(Template.fromStack(stack))).toEqual([]);
  });

  test('matches the snapshot', () => {
    expect(template('logArchive').toJSON()).toMatchSnapshot();
  });
});
