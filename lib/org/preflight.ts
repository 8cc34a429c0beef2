import type { LandingZoneConfig } from '../config/schema';
import { checkCoreAccount, checkMemberAccounts } from './checks/accounts';
import type { Check, CheckResult } from './checks/check';
import { checkCloudTrailLake } from './checks/cloudtrail-lake';
import { checkConfigRecorders } from './checks/config-recorders';
import { checkControlTower } from './checks/control-tower';
import { checkCredentials } from './checks/credentials';
import { checkDelegatedAdministrators } from './checks/delegated-admins';
import {
  checkAllFeatures,
  checkManagementAccount,
  checkOrganizationalUnits,
  checkOrganizationId,
  checkRoot,
} from './checks/organization';
import { checkPolicyQuotas, checkPolicyTypes } from './checks/policies';
import { checkOrganizationTrails } from './checks/trails';
import { checkTrustedAccess } from './checks/trusted-access';
import { landingZoneExpectations } from './expectations';
import type { PreflightSnapshot } from './snapshot';

/** In the order a reader fixes things: who am I, which organization, which accounts, then services. */
const CHECKS: readonly Check[] = [
  checkCredentials,
  checkOrganizationId,
  checkAllFeatures,
  checkManagementAccount,
  checkCoreAccount('logArchive'),
  checkCoreAccount('audit'),
  checkRoot,
  checkOrganizationalUnits,
  checkMemberAccounts,
  checkTrustedAccess,
  checkDelegatedAdministrators,
  checkPolicyTypes,
  checkPolicyQuotas,
  checkControlTower,
  checkOrganizationTrails,
  checkCloudTrailLake,
  checkConfigRecorders,
];

export function runPreflightChecks(
  config: LandingZoneConfig,
  configPath: string,
  snapshot: PreflightSnapshot,
): CheckResult[] {
  const input = { config, configPath, expectations: landingZoneExpectations(config), ...snapshot };
  return CHECKS.flatMap((check) => check(input));
}

export function hasBlockers(results: readonly CheckResult[]): boolean {
  return results.some((r) => r.status === 'fail');
}

/** Some check could not run: preflight cannot say the deploy is ready. */
export function isIncomplete(results: readonly CheckResult[]): boolean {
  return results.some((r) => r.unchecked);
}
