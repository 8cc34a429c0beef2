import { configSchema, type LandingZoneConfig } from '../../../lib/config/schema';
import type { CheckResult } from '../../../lib/org/checks/check';
import { runPreflightChecks } from '../../../lib/org/preflight';
import type { PreflightSnapshot } from '../../../lib/org/snapshot';
import {
  AUDIT,
  exampleOrganization,
  LOG_ARCHIVE,
  MANAGEMENT,
  ORG_ID,
  ROOT_ID,
  type FakeOrganization,
} from './fake-organization';

export const CONFIG_PATH = 'config/landing-zone.yaml';

/** A config that matches exampleOrganization(), so each test changes one thing and sees one row move. */
export function matchingConfig(change: (raw: Record<string, any>) => void = () => {}): LandingZoneConfig {
  const raw: Record<string, any> = {
    organization: {
      id: ORG_ID,
      rootId: ROOT_ID,
      organizationalUnits: { Security: 'ou-a1b2-s3cur1ty', Workloads: 'ou-a1b2-w0rkl0ad' },
      memberAccounts: { 'payments-prod': '444444444444' },
    },
    accounts: { management: MANAGEMENT, logArchive: LOG_ARCHIVE, audit: AUDIT },
    regions: { home: 'eu-west-1', governed: ['eu-west-1', 'eu-central-1'] },
  };
  change(raw);
  return configSchema.parse(raw);
}

/** The snapshot discovery and inspection would build from the fake, without going through any client. */
export function snapshotOf(fake: FakeOrganization): PreflightSnapshot {
  return {
    organization: {
      id: fake.organization.Id,
      arn: fake.organization.Arn,
      featureSet: fake.organization.FeatureSet,
      managementAccountId: fake.organization.MasterAccountId,
      roots: fake.roots.map((r) => ({
        id: r.Id,
        name: r.Name,
        policyTypes: r.PolicyTypes.map((p) => ({ type: p.Type, status: p.Status })),
      })),
      organizationalUnits: fake.ous.map((u) => ({ id: u.Id, name: u.Name, parentId: u.ParentId })),
      accounts: fake.accounts.map((a) => ({
        id: a.Id,
        name: a.Name,
        email: a.Email,
        state: a.State,
        parentId: a.ParentId,
      })),
      delegatedAdministrators: fake.delegatedAdmins.map((d) => ({
        accountId: d.AccountId,
        servicePrincipal: d.ServicePrincipal,
      })),
      trustedServices: [...fake.trustedServices].sort(),
    },
    callerAccount: {
      identity: { value: { accountId: fake.caller.Account, arn: fake.caller.Arn } },
      homeRegion: 'eu-west-1',
      eventDataStores: {
        value: fake.eventDataStores.map((s) => ({ name: s.Name, arn: s.EventDataStoreArn, status: s.Status })),
      },
      trails: {
        value: fake.trails.map((t) => ({
          name: t.Name,
          arn: t.TrailARN,
          homeRegion: t.HomeRegion,
          isOrganizationTrail: t.IsOrganizationTrail,
        })),
      },
      recorders: Object.entries(fake.recorders).map(([region, recorders]) => ({
        region,
        recorders: { value: recorders },
      })),
      ...(fake.landingZone
        ? {
            landingZone: {
              regions: [fake.landingZone.region],
              found: {
                value: {
                  arn: fake.landingZone.arn,
                  version: fake.landingZone.version,
                  ...(fake.landingZone.latestAvailableVersion
                    ? { latestAvailableVersion: fake.landingZone.latestAvailableVersion }
                    : {}),
                  managesTrail: (fake.landingZone.manifest as any).centralizedLogging?.enabled ?? true,
                  managesConfig: (fake.landingZone.manifest as any).config?.enabled ?? true,
                },
              },
            },
          }
        : {}),
    },
    policyAttachments: Object.entries(fake.policies).map(([targetId, policies]) => ({
      targetId,
      type: 'SERVICE_CONTROL_POLICY',
      policies: {
        value: policies
          .filter((p) => p.Type === 'SERVICE_CONTROL_POLICY')
          .map((p) => ({ id: p.Id, name: p.Name, awsManaged: p.AwsManaged })),
      },
    })),
  };
}

/** Runs every check over the example organization after `change`, with the matching config unless given. */
export function preflight(
  change: (fake: FakeOrganization) => void = () => {},
  config: LandingZoneConfig = matchingConfig(),
  adjust: (snapshot: PreflightSnapshot) => PreflightSnapshot = (s) => s,
): CheckResult[] {
  const fake = exampleOrganization();
  change(fake);
  return runPreflightChecks(config, CONFIG_PATH, adjust(snapshotOf(fake)));
}

export function row(results: readonly CheckResult[], check: string): CheckResult {
  const found = results.find((r) => r.check === check);
  if (!found) throw new Error(`no row ${check} in ${results.map((r) => r.check).join(', ')}`);
  return found;
}
