import { GUARDRAIL_SCP_NAMES } from '../../lib/config/baseline';
import { POLICY_TYPE_QUOTAS } from '../../lib/constructs/baseline/policy-quotas';
import { hasBlockers, isIncomplete } from '../../lib/org/preflight';
import { renderPreflightReport } from '../../lib/org/render/preflight-report';
import type { PreflightSnapshot } from '../../lib/org/snapshot';
import { AUDIT, LOG_ARCHIVE, MANAGEMENT, ORG_ID, ROOT_ID, type FakeOrganization } from './support/fake-organization';
import { CONFIG_PATH, matchingConfig, preflight, row } from './support/preflight-input';

describe('preflight over an organization that matches the config', () => {
  test('every check passes or warns, nothing blocks', () => {
    const results = preflight();
    expect(results.filter((r) => r.status === 'fail')).toEqual([]);
    expect(hasBlockers(results)).toBe(false);
    expect(results.filter((r) => r.status === 'warn')).toEqual([]);
  });
});

describe('credentials', () => {
  test('pass in the management account', () => {
    expect(row(preflight(), 'credentials').status).toBe('pass');
  });

  test('warns in another account, because the trail, Lake and recorder rows then describe that account', () => {
    const result = row(
      preflight((fake) => {
        fake.caller.Account = AUDIT;
        fake.caller.Arn = `arn:aws:sts::${AUDIT}:assumed-role/OrgReader/alice`;
      }),
      'credentials',
    );
    expect(result.status).toBe('warn');
    expect(result.fix).toContain(`rerun with a profile of ${MANAGEMENT}`);
  });
});

describe('organization and accounts', () => {
  test('fails when the organization ID differs, with the ID to set', () => {
    const result = row(
      preflight(
        undefined,
        matchingConfig((raw) => (raw.organization.id = 'o-exampleorg1')),
      ),
      'organization',
    );
    expect(result).toMatchObject({
      status: 'fail',
      detail: `the config names o-exampleorg1; these credentials are in ${ORG_ID}`,
    });
    expect(result.fix).toContain(`set organization.id: ${ORG_ID} in ${CONFIG_PATH}`);
  });

  test('fails when all features are not enabled, with the command', () => {
    const result = row(
      preflight((fake) => (fake.organization.FeatureSet = 'CONSOLIDATED_BILLING')),
      'all features',
    );
    expect(result.status).toBe('fail');
    expect(result.fix).toContain('aws organizations enable-all-features');
  });

  test('fails when accounts.management is not the management account', () => {
    const config = matchingConfig((raw) => (raw.accounts.management = '999999999999'));
    const result = row(preflight(undefined, config), 'management account');
    expect(result).toMatchObject({ status: 'fail', fix: `set accounts.management: '${MANAGEMENT}' in ${CONFIG_PATH}` });
  });

  test('fails when log-archive is not a member, with the invite command', () => {
    const result = row(
      preflight((fake) => fake.accounts.splice(1, 1)),
      'log-archive account',
    );
    expect(result.status).toBe('fail');
    expect(result.fix).toContain(
      `aws organizations invite-account-to-organization --target Id=${LOG_ARCHIVE},Type=ACCOUNT`,
    );
  });

  test('fails when audit is suspended', () => {
    const result = row(
      preflight((fake) => (fake.accounts[2] = { ...fake.accounts[2], State: 'SUSPENDED' })),
      'audit account',
    );
    expect(result).toMatchObject({ status: 'fail', detail: `${AUDIT} (Audit) is SUSPENDED` });
    expect(result.fix).toContain('set accounts.audit');
  });

  test('fails when the root ID is wrong', () => {
    const result = row(
      preflight(
        undefined,
        matchingConfig((raw) => (raw.organization.rootId = 'r-zz99')),
      ),
      'root',
    );
    expect(result).toMatchObject({ status: 'fail', fix: `set organization.rootId: r-a1b2 in ${CONFIG_PATH}` });
  });

  test('fails when a configured OU does not exist', () => {
    const config = matchingConfig((raw) => (raw.organization.organizationalUnits.Sandbox = 'ou-a1b2-n0tth3r3'));
    const result = row(preflight(undefined, config), 'organizational units');
    expect(result).toMatchObject({ status: 'fail', detail: `not OUs of ${ORG_ID}: Sandbox (ou-a1b2-n0tth3r3)` });
  });

  test('warns when a named member account is gone or not active', () => {
    const config = matchingConfig((raw) => (raw.organization.memberAccounts['sandbox-alice'] = '777777777777'));
    const result = row(preflight(undefined, config), 'member accounts');
    expect(result).toMatchObject({ status: 'warn', detail: 'sandbox-alice (777777777777) is SUSPENDED' });
  });
});

describe('trusted access', () => {
  test('passes and says what the Management stack will enable', () => {
    const result = row(preflight(), 'trusted access');
    expect(result.status).toBe('pass');
    expect(result.detail).toMatch(
      /^2 of 10 already enabled; the Management stack enables access-analyzer, cloudtrail, config, config-multiaccountsetup, inspector2, malware-protection.guardduty, /,
    );
  });
});

describe('delegated administrators', () => {
  test('pass when absent (to be registered) or already the audit account', () => {
    const results = preflight();
    expect(row(results, 'delegated admin: GuardDuty')).toMatchObject({
      status: 'pass',
      detail: `already audit ${AUDIT} (Audit)`,
    });
    expect(row(results, 'delegated admin: Access Analyzer')).toMatchObject({
      status: 'pass',
      detail: `none yet; the Management stack registers audit ${AUDIT} (Audit)`,
    });
  });

  test('fails when GuardDuty is administered by another account, with the commands that hand it back', () => {
    const result = row(
      preflight(
        (fake) =>
          (fake.delegatedAdmins[0] = { AccountId: '444444444444', ServicePrincipal: 'guardduty.amazonaws.com' }),
      ),
      'delegated admin: GuardDuty',
    );
    expect(result.status).toBe('fail');
    expect(result.detail).toBe(
      `444444444444 (payments-prod) is the GuardDuty administrator (guardduty.amazonaws.com); the config wants audit ${AUDIT} (Audit)`,
    );
    expect(result.fix?.split('\n')).toEqual([
      'in 444444444444, disassociate and delete its GuardDuty members; then, in the management account, in every region it administers:',
      '$ aws guardduty disable-organization-admin-account --admin-account-id 444444444444 --region eu-west-1',
      '$ aws guardduty disable-organization-admin-account --admin-account-id 444444444444 --region eu-central-1',
      'and last:',
      '$ aws organizations deregister-delegated-administrator --account-id 444444444444 --service-principal guardduty.amazonaws.com',
      `Or, if 444444444444 is your audit account, set accounts.audit: '444444444444' in ${CONFIG_PATH}`,
    ]);
  });

  test('expects audit as the Inspector administrator while the baseline turns Inspector on', () => {
    expect(row(preflight(), 'delegated admin: Inspector')).toMatchObject({
      status: 'pass',
      detail: `none yet; the Management stack registers audit ${AUDIT} (Audit)`,
    });
    const off = matchingConfig((raw) => (raw.baseline = { inspector: { enabled: false } }));
    expect(row(preflight(undefined, off), 'delegated admin: Inspector')).toMatchObject({
      status: 'pass',
      detail: 'not managed (baseline.inspector.enabled is false)',
    });
  });

  test('fails when Inspector is administered by another account, with the commands of every governed region', () => {
    const result = row(
      preflight((fake) =>
        fake.delegatedAdmins.push({ AccountId: '444444444444', ServicePrincipal: 'inspector2.amazonaws.com' }),
      ),
      'delegated admin: Inspector',
    );
    expect(result.status).toBe('fail');
    expect(result.fix?.split('\n').slice(0, 5)).toEqual([
      'in the management account, in every region it administers:',
      '$ aws inspector2 disable-delegated-admin-account --delegated-admin-account-id 444444444444 --region eu-west-1',
      '$ aws inspector2 disable-delegated-admin-account --delegated-admin-account-id 444444444444 --region eu-central-1',
      'and last, if Organizations still lists it:',
      '$ aws organizations deregister-delegated-administrator --account-id 444444444444 --service-principal inspector2.amazonaws.com',
    ]);
  });

  test("with audit already Security Hub's administrator, says when to leave out the 0.2 native designation", () => {
    expect(row(preflight(), 'delegated admin: Security Hub')).toMatchObject({
      status: 'pass',
      detail: `already audit ${AUDIT} (Audit); if the Management stack does not exist yet, set management.legacySecurityHubAdmin: false in ${CONFIG_PATH} (its 0.2 native designation, kept for upgrades, may refuse this one)`,
    });
    const fresh = matchingConfig((raw) => (raw.management = { legacySecurityHubAdmin: false }));
    expect(row(preflight(undefined, fresh), 'delegated admin: Security Hub').detail).toBe(
      `already audit ${AUDIT} (Audit)`,
    );
  });

  test('fails when Config is administered by another account, with the Organizations command', () => {
    const result = row(
      preflight((fake) =>
        fake.delegatedAdmins.push({ AccountId: LOG_ARCHIVE, ServicePrincipal: 'config.amazonaws.com' }),
      ),
      'delegated admin: Config',
    );
    expect(result.status).toBe('fail');
    // log-archive cannot also be audit, so the fix does not offer to make it so.
    expect(result.fix).toBe(
      'in the management account:\n$ aws organizations deregister-delegated-administrator --account-id 222222222222 --service-principal config.amazonaws.com',
    );
  });

  test('fails when Security Lake is on and administered by audit instead of log-archive', () => {
    const result = row(
      preflight(
        (fake) => fake.delegatedAdmins.push({ AccountId: AUDIT, ServicePrincipal: 'securitylake.amazonaws.com' }),
        matchingConfig((raw) => (raw.securityLake = { enabled: true })),
      ),
      'delegated admin: Security Lake',
    );
    expect(result.status).toBe('fail');
    expect(result.detail).toContain(`the config wants logArchive ${LOG_ARCHIVE} (Log Archive)`);
    expect(result.fix).toContain('$ aws securitylake deregister-data-lake-delegated-administrator --region eu-west-1');
  });

  test('leaves the Security Lake administrator alone while Security Lake is off', () => {
    const result = row(
      preflight((fake) =>
        fake.delegatedAdmins.push({ AccountId: AUDIT, ServicePrincipal: 'securitylake.amazonaws.com' }),
      ),
      'delegated admin: Security Lake',
    );
    expect(result).toMatchObject({
      status: 'pass',
      detail: `not managed (securityLake.enabled is false); ${AUDIT} (Audit) stays administrator`,
    });
  });

  test('expects audit as the StackSets administrator, which deploys the member-account recorders', () => {
    const result = row(
      preflight((fake) =>
        fake.delegatedAdmins.push({
          AccountId: '444444444444',
          ServicePrincipal: 'member.org.stacksets.cloudformation.amazonaws.com',
        }),
      ),
      'delegated admin: StackSets',
    );
    expect(result.status).toBe('fail');
  });
});

describe('Control Tower', () => {
  test('passes when there is no sign of it', () => {
    expect(row(preflight(), 'Control Tower').status).toBe('pass');
  });

  const controlTower = (fake: FakeOrganization) => {
    fake.trustedServices.push('controltower.amazonaws.com');
    fake.trails.push({
      Name: 'aws-controltower-BaselineCloudTrail',
      TrailARN: `arn:aws:cloudtrail:eu-west-1:${MANAGEMENT}:trail/aws-controltower-BaselineCloudTrail`,
      HomeRegion: 'eu-west-1',
      IsOrganizationTrail: true,
    });
    fake.recorders['eu-central-1'] = [{ name: 'aws-controltower-BaselineConfigRecorder' }];
  };

  test('warns on its trusted access, trail and recorders, and names the switch to set', () => {
    const result = row(preflight(controlTower), 'Control Tower');
    expect(result.status).toBe('warn');
    expect(result.detail).toBe(
      'Control Tower manages this organization: trusted access for controltower.amazonaws.com; trail aws-controltower-BaselineCloudTrail; recorder aws-controltower-BaselineConfigRecorder in eu-central-1',
    );
    expect(result.fix).toMatch(/^set audit\.controlTower\.configRecording: true in config\/landing-zone\.yaml: /);
    expect(result.fix).toContain('both log every management event');
  });

  test('passes when Config recording is already handed to Control Tower', () => {
    const config = matchingConfig((raw) => (raw.audit = { controlTower: { configRecording: true } }));
    const result = row(preflight(controlTower, config), 'Control Tower');
    expect(result.status).toBe('pass');
    expect(result.detail).toContain('Config recording stays with Control Tower');
  });

  test('warns when recording is handed to a Control Tower that is not there', () => {
    const config = matchingConfig((raw) => (raw.audit = { controlTower: { configRecording: true } }));
    const result = row(preflight(undefined, config), 'Control Tower');
    expect(result.status).toBe('warn');
    expect(result.fix).toContain('set audit.controlTower.configRecording: false');
  });
});

describe('organization trails', () => {
  test('warns about another organization trail: a second paid copy of every event', () => {
    const result = row(
      preflight((fake) =>
        fake.trails.push({
          Name: 'org-trail',
          TrailARN: `arn:aws:cloudtrail:us-east-1:${MANAGEMENT}:trail/org-trail`,
          HomeRegion: 'us-east-1',
          IsOrganizationTrail: true,
        }),
      ),
      'organization trails',
    );
    expect(result.status).toBe('warn');
    expect(result.fix).toContain(
      `aws cloudtrail delete-trail --name arn:aws:cloudtrail:us-east-1:${MANAGEMENT}:trail/org-trail --region us-east-1`,
    );
  });

  test("passes when the only organization trail is the landing zone's own", () => {
    const result = row(
      preflight((fake) =>
        fake.trails.push({
          Name: 'lz-organization-trail',
          TrailARN: '',
          HomeRegion: 'eu-west-1',
          IsOrganizationTrail: true,
        }),
      ),
      'organization trails',
    );
    expect(result).toMatchObject({ status: 'pass', detail: "only the landing zone's own lz-organization-trail" });
  });
});

describe('CloudTrail Lake', () => {
  const lakeOn = () => matchingConfig((raw) => (raw.management = { cloudTrailLake: { enabled: true } }));
  const store = (fake: FakeOrganization) =>
    fake.eventDataStores.push({
      Name: 'org-events',
      EventDataStoreArn: `arn:aws:cloudtrail:eu-west-1:${MANAGEMENT}:eventdatastore/abc`,
      Status: 'ENABLED',
    });

  test('passes for an existing customer with Lake on: an event data store exists', () => {
    const result = row(preflight(store, lakeOn()), 'CloudTrail Lake');
    expect(result).toMatchObject({ status: 'pass' });
    expect(result.detail).toBe(
      `existing customer (org-events in ${MANAGEMENT} (eu-west-1)): the event data store can be created`,
    );
  });

  test('passes for an existing customer with Lake off, saying it could be turned on', () => {
    const result = row(preflight(store), 'CloudTrail Lake');
    expect(result.status).toBe('pass');
    expect(result.detail).toContain('management.cloudTrailLake.enabled: true would work');
  });

  test('passes for a new customer with Lake off: the Athena fallback answers', () => {
    const result = row(preflight(), 'CloudTrail Lake');
    expect(result.status).toBe('pass');
    expect(result.detail).toBe(
      `no event data store in ${MANAGEMENT} (eu-west-1); since 2026-05-31 CloudTrail Lake creates none for a new customer. management.cloudTrailLake.enabled is false, so the Athena workgroup and Glue table over the trail bucket answer the same queries`,
    );
  });

  test('warns for a new customer with Lake on that the store cannot be created, with the switch to turn off', () => {
    const result = row(preflight(undefined, lakeOn()), 'CloudTrail Lake');
    expect(result.status).toBe('warn');
    expect(result.detail).toContain('creating lz-organization-events fails mid-deploy');
    expect(result.fix).toBe(
      `set management.cloudTrailLake.enabled: false in ${CONFIG_PATH}; the Athena workgroup and Glue table over the trail bucket answer the same queries`,
    );
  });

  test('is not conclusive outside the management account', () => {
    const result = row(
      preflight((fake) => (fake.caller.Account = AUDIT), lakeOn()),
      'CloudTrail Lake',
    );
    expect(result.status).toBe('warn');
    expect(result.detail).toContain(`not in the management account ${MANAGEMENT}`);
  });

  test('warns, does not pass, when the stores cannot be read and Lake is on', () => {
    const result = row(
      preflight(undefined, lakeOn(), (s) => ({
        ...s,
        callerAccount: {
          ...s.callerAccount,
          eventDataStores: { error: 'cloudtrail:ListEventDataStores: access denied.', kind: 'denied' },
        },
      })),
      'CloudTrail Lake',
    );
    expect(result).toMatchObject({
      status: 'warn',
      detail: 'not checked: cloudtrail:ListEventDataStores: access denied.',
    });
  });
});

describe('Config recorders', () => {
  test('passes with none, and says member accounts are not checked', () => {
    const result = row(preflight(), 'Config recorders');
    expect(result.status).toBe('pass');
    expect(result.detail).toContain(`none in ${MANAGEMENT} (eu-west-1, eu-central-1)`);
    expect(result.detail).toContain('member accounts not checked');
  });

  test('passes over a recorder in the management account, which the recorder StackSet never reaches', () => {
    const result = row(
      preflight((fake) => (fake.recorders['eu-west-1'] = [{ name: 'default' }])),
      'Config recorders',
    );
    expect(result.status).toBe('pass');
    expect(result.detail).toBe(
      `present in ${MANAGEMENT}: default (eu-west-1): no clash, the recorder StackSet skips the management account; member accounts not checked: preflight reads only its own account`,
    );
  });

  test('warns about a recorder in a member account the credentials belong to, with the command to remove it', () => {
    const result = row(
      preflight((fake) => {
        fake.caller.Account = AUDIT;
        fake.recorders['eu-west-1'] = [{ name: 'default' }];
      }),
      'Config recorders',
    );
    expect(result.status).toBe('warn');
    expect(result.detail).toMatch(
      new RegExp(`^present in ${AUDIT}: default \\(eu-west-1\\); member accounts not checked`),
    );
    expect(result.fix).toContain(
      '$ aws configservice delete-configuration-recorder --configuration-recorder-name default --region eu-west-1',
    );
  });

  test('warns, does not pass, when a region cannot be read', () => {
    const result = row(
      preflight(undefined, matchingConfig(), (s) => ({
        ...s,
        callerAccount: {
          ...s.callerAccount,
          recorders: [
            {
              region: 'eu-west-1',
              recorders: { error: 'config:DescribeConfigurationRecorders: access denied.', kind: 'denied' },
            },
          ],
        },
      })),
      'Config recorders',
    );
    expect(result.status).toBe('warn');
    expect(result.detail).toContain('eu-west-1 not checked: config:DescribeConfigurationRecorders: access denied.');
  });

  test('passes over existing recorders when recording is handed to Control Tower', () => {
    const config = matchingConfig((raw) => (raw.audit = { controlTower: { configRecording: true } }));
    const result = row(
      preflight((fake) => (fake.recorders['eu-west-1'] = [{ name: 'default' }]), config),
      'Config recorders',
    );
    expect(result.status).toBe('pass');
    expect(result.detail).toContain('the landing zone creates no recorders');
  });

  test('ignores service-linked recorders, which do not take the one slot', () => {
    const result = row(
      preflight(
        (fake) =>
          (fake.recorders['eu-west-1'] = [
            { name: 'AWSConfigurationRecorderForSecurityHub', servicePrincipal: 'securityhub.amazonaws.com' },
          ]),
      ),
      'Config recorders',
    );
    expect(result.status).toBe('pass');
  });
});

describe('a row never passes on a failed read', () => {
  const unreachable = 'cannot reach http://127.0.0.1:9 (ECONNREFUSED)';
  const failedReads = (s: PreflightSnapshot): PreflightSnapshot => ({
    ...s,
    callerAccount: {
      ...s.callerAccount,
      trails: { error: `cloudtrail:DescribeTrails: ${unreachable}`, kind: 'unreachable' },
      eventDataStores: { error: `cloudtrail:ListEventDataStores: ${unreachable}`, kind: 'unreachable' },
      recorders: s.callerAccount.recorders.map((r) => ({
        ...r,
        recorders: { error: `config:DescribeConfigurationRecorders: ${unreachable}`, kind: 'unreachable' as const },
      })),
    },
  });

  test('fails when the Control Tower row passes with DescribeTrails and every recorder read failing', () => {
    const result = row(preflight(undefined, matchingConfig(), failedReads), 'Control Tower');
    expect(result).toMatchObject({ status: 'warn', unchecked: true });
    expect(result.detail).toMatch(/^not checked: trails not read: cloudtrail:DescribeTrails: cannot reach/);
    // Unreachable, not denied: no permission to add.
    expect(result.fix).toBeUndefined();
  });

  test('offers no "allow" fix for a Lake read that was refused, not denied', () => {
    const config = matchingConfig((raw) => (raw.management = { cloudTrailLake: { enabled: true } }));
    const result = row(preflight(undefined, config, failedReads), 'CloudTrail Lake');
    expect(result).toMatchObject({ status: 'warn', unchecked: true });
    expect(result.fix).toBeUndefined();
  });

  test('offers no "delete it" for recorders it could not read', () => {
    const result = row(
      preflight((fake) => (fake.caller.Account = AUDIT), matchingConfig(), failedReads),
      'Config recorders',
    );
    expect(result).toMatchObject({ status: 'warn', unchecked: true });
    expect(result.fix ?? '').not.toContain('delete');
  });

  test('still offers the allow fix when a read was denied', () => {
    const result = row(
      preflight(undefined, matchingConfig(), (s) => ({
        ...s,
        callerAccount: {
          ...s.callerAccount,
          trails: { error: 'cloudtrail:DescribeTrails: access denied.', kind: 'denied' },
        },
      })),
      'organization trails',
    );
    expect(result.fix).toBe('allow cloudtrail:DescribeTrails for these credentials and rerun');
  });

  test('the verdict is never "Ready" with a check that could not run', () => {
    const report = renderPreflightReport(preflight(undefined, matchingConfig(), failedReads));
    expect(report).not.toContain('Ready for `cdk deploy`');
    expect(report).toMatch(/Incomplete: \d checks could not run/);
    expect(isIncomplete(preflight(undefined, matchingConfig(), failedReads))).toBe(true);
  });

  test('"Ready for `cdk deploy`" only when every check ran and passed', () => {
    expect(renderPreflightReport(preflight())).toMatch(/0 failed\. Ready for `cdk deploy`\.$/);
    const warned = preflight((fake) =>
      fake.trails.push({ Name: 'org-trail', TrailARN: '', HomeRegion: 'us-east-1', IsOrganizationTrail: true }),
    );
    expect(renderPreflightReport(warned)).toMatch(/Nothing blocks `cdk deploy`; read the WARN rows/);
  });
});

describe('a config for another organization', () => {
  const otherOrg = () => matchingConfig((raw) => (raw.organization.id = 'o-exampleorg1'));
  const guardDutyElsewhere = (fake: FakeOrganization) =>
    (fake.delegatedAdmins[0] = { AccountId: '444444444444', ServicePrincipal: 'guardduty.amazonaws.com' });

  test('prints no deregister or invite commands for accounts of this organization', () => {
    const results = preflight(guardDutyElsewhere, otherOrg());
    const fixes = results.map((r) => r.fix ?? '').join('\n');
    expect(fixes).not.toContain('deregister-delegated-administrator');
    expect(fixes).not.toContain('invite-account-to-organization');
    expect(row(results, 'delegated admin: GuardDuty')).toMatchObject({
      status: 'warn',
      unchecked: true,
      detail: `not checked: the config describes o-exampleorg1, not ${ORG_ID} (see the organization row)`,
    });
    expect(row(results, 'organization').status).toBe('fail');
  });
});

describe('organization policy types', () => {
  test('passes when SCPs are enabled on the root', () => {
    expect(row(preflight(), 'policy type: SCP')).toMatchObject({
      status: 'pass',
      detail: 'SERVICE_CONTROL_POLICY is enabled on r-a1b2',
    });
  });

  test('passes when SCPs are off, since the Management stack enables them', () => {
    const result = row(
      preflight((fake) => (fake.roots[0].PolicyTypes = [])),
      'policy type: SCP',
    );
    expect(result.status).toBe('pass');
    expect(result.detail).toContain('the Management stack enables SERVICE_CONTROL_POLICY');
  });

  test('fails while the type is being disabled, with the command to enable it again', () => {
    const result = row(
      preflight(
        (fake) => (fake.roots[0].PolicyTypes = [{ Type: 'SERVICE_CONTROL_POLICY', Status: 'PENDING_DISABLE' }]),
      ),
      'policy type: SCP',
    );
    expect(result.status).toBe('fail');
    expect(result.fix).toContain(
      '$ aws organizations enable-policy-type --root-id r-a1b2 --policy-type SERVICE_CONTROL_POLICY',
    );
  });

  test('passes for every type of the baseline while it is off: the Management stack enables each before attaching', () => {
    const results = preflight((fake) => (fake.roots[0].PolicyTypes = []));
    for (const type of ['RCP', 'EC2 declarative policy', 'S3 policy', 'Inspector policy']) {
      expect(row(results, `policy type: ${type}`).status).toBe('pass');
    }
  });
});

describe('SCPs already attached to each guardrail target', () => {
  // With the region guardrail on, as in the example, the root holds four SCPs of the landing zone and FullAWSAccess.
  const regionGuardrail = (raw: Record<string, any>) =>
    (raw.baseline = { regionGuardrail: { enabled: true, targets: ['root'] } });
  const OURS = GUARDRAIL_SCP_NAMES.length + 1;
  const scp = (n: number) => ({
    Id: `p-custom${n}`,
    Name: `custom-${n}`,
    AwsManaged: false,
    Type: 'SERVICE_CONTROL_POLICY',
  });
  const attach = (count: number) => (fake: FakeOrganization) =>
    fake.policies[ROOT_ID].push(...Array.from({ length: count }, (_, i) => scp(i)));

  test(`the quota is ${POLICY_TYPE_QUOTAS.SERVICE_CONTROL_POLICY.maxPerTarget} SCPs per target, FullAWSAccess included`, () => {
    expect(POLICY_TYPE_QUOTAS.SERVICE_CONTROL_POLICY.maxPerTarget).toBe(5);
  });

  test('passes when the landing zone fits exactly', () => {
    const result = row(preflight(undefined, matchingConfig(regionGuardrail)), 'SCPs on root');
    expect(result.status).toBe('pass');
    expect(result.detail).toMatch(
      new RegExp(`FullAWSAccess attached to r-a1b2, and the landing zone's ${OURS}: 5 of 5$`),
    );
  });

  test('fails when it does not fit, with the policies that could go', () => {
    const result = row(preflight(attach(1), matchingConfig(regionGuardrail)), 'SCPs on root');
    expect(result.status).toBe('fail');
    expect(result.detail).toContain('6 of 5, 1 over the quota of 5 directly attached SCPs per target');
    expect(result.detail).toContain('custom-0 attached');
    expect(result.fix).toContain(
      '$ aws organizations detach-policy --policy-id p-custom0 --target-id r-a1b2   # custom-0',
    );
    expect(result.fix).not.toContain('p-FullAWSAccess');
  });

  test("does not count the landing zone's own SCPs twice on a rerun after a deploy", () => {
    const result = row(
      preflight((fake) => {
        fake.policies[ROOT_ID].push(
          ...[...GUARDRAIL_SCP_NAMES, 'region-guardrail'].map((name) => ({
            Id: `p-${name}`,
            Name: `lz-${name}`,
            AwsManaged: false,
            Type: 'SERVICE_CONTROL_POLICY',
          })),
        );
      }, matchingConfig(regionGuardrail)),
      'SCPs on root',
    );
    expect(result).toMatchObject({ status: 'pass' });
    expect(result.detail).toContain('5 of 5');
  });

  test('checks every guardrail target, OUs included', () => {
    const config = matchingConfig((raw) => (raw.management = { guardrails: { targets: ['Security', 'Workloads'] } }));
    const results = preflight(
      (fake) => fake.policies['ou-a1b2-w0rkl0ad'].push(...Array.from({ length: 2 }, (_, i) => scp(i))),
      config,
    );
    expect(row(results, 'SCPs on Security').status).toBe('pass');
    expect(row(results, 'SCPs on Workloads').status).toBe('fail');
  });

  test('counts FullAWSAccess, which AWS attaches when SCPs are enabled, for a root without them', () => {
    const result = row(
      preflight((fake) => (fake.roots[0].PolicyTypes = []), matchingConfig(regionGuardrail)),
      'SCPs on root',
    );
    expect(result).toMatchObject({ status: 'pass' });
    expect(result.detail).toContain(`FullAWSAccess and the landing zone's ${OURS}: 5 of 5`);
  });

  test('counts the policies of each baseline type on its targets, the AWS managed one only where there is one', () => {
    const results = preflight((fake) => (fake.roots[0].PolicyTypes = []));
    expect(row(results, 'RCPs on root').detail).toContain("RCPFullAWSAccess and the landing zone's 1: 2 of 5");
    expect(row(results, 'S3 policies on root').detail).toContain("holds the landing zone's 1: 1 of 10");
  });

  test('is not checked when the attachments cannot be read', () => {
    const result = row(
      preflight(undefined, matchingConfig(), (s) => ({
        ...s,
        policyAttachments: s.policyAttachments.map((a) => ({
          ...a,
          policies: { error: 'organizations:ListPoliciesForTarget: access denied.', kind: 'denied' as const },
        })),
      })),
      'SCPs on root',
    );
    expect(result).toMatchObject({ status: 'warn', unchecked: true });
    expect(result.fix).toBe('allow organizations:ListPoliciesForTarget for these credentials and rerun');
  });
});

describe('Control Tower landing zone', () => {
  const zone =
    (manifest: object, version = '4.0', latestAvailableVersion?: string) =>
    (fake: FakeOrganization) => {
      fake.trustedServices.push('controltower.amazonaws.com');
      fake.landingZone = {
        region: 'eu-west-1',
        arn: `arn:aws:controltower:eu-west-1:${MANAGEMENT}:landingzone/ABC`,
        version,
        manifest,
        ...(latestAvailableVersion ? { latestAvailableVersion } : {}),
      };
    };
  const handedOver = () => matchingConfig((raw) => (raw.audit = { controlTower: { configRecording: true } }));

  test('4.0 with Config integration and the switch on: pass, and says whether its trail doubles', () => {
    const result = row(
      preflight(zone({ centralizedLogging: { enabled: true }, config: { enabled: true } }), handedOver()),
      'Control Tower',
    );
    expect(result.status).toBe('pass');
    expect(result.detail).toContain('landing zone 4.0 (arn:aws:controltower:eu-west-1:111111111111:landingzone/ABC)');
    expect(result.detail).toContain('Config recording stays with Control Tower');
    expect(result.detail).toContain('the second copy is billed');
  });

  test('4.0 without Config integration and the switch on: warn, set it false', () => {
    const result = row(
      preflight(zone({ centralizedLogging: { enabled: false }, config: { enabled: false } }), handedOver()),
      'Control Tower',
    );
    expect(result.status).toBe('warn');
    expect(result.detail).toContain('no trail of its own; AWS Config integration off');
    expect(result.fix).toMatch(/^set audit\.controlTower\.configRecording: false in /);
  });

  test('4.0 without Config integration and the switch off: pass, the StackSet records', () => {
    const result = row(preflight(zone({ config: { enabled: false } })), 'Control Tower');
    expect(result.status).toBe('pass');
    expect(result.detail).toContain("the landing zone's recorder StackSet records Config");
  });

  test('3.3 (Config always on) and the switch off: warn, set it true; names a newer version', () => {
    const result = row(preflight(zone({ centralizedLogging: { enabled: true } }, '3.3', '4.0')), 'Control Tower');
    expect(result.status).toBe('warn');
    expect(result.detail).toMatch(/^landing zone 3\.3 \(4\.0 available\)/);
    expect(result.fix).toMatch(/^set audit\.controlTower\.configRecording: true in /);
  });

  test('not checked when the landing zone cannot be read, with the actions to allow', () => {
    const result = row(
      preflight(zone({}), matchingConfig(), (s) => ({
        ...s,
        callerAccount: {
          ...s.callerAccount,
          landingZone: {
            regions: ['eu-west-1'],
            found: { error: 'controltower:ListLandingZones: access denied.', kind: 'denied' },
          },
        },
      })),
      'Control Tower',
    );
    expect(result).toMatchObject({ status: 'warn', unchecked: true });
    expect(result.fix).toBe(
      'allow controltower:ListLandingZones and controltower:GetLandingZone for these credentials and rerun',
    );
  });
});
