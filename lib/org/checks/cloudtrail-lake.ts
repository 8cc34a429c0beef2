import { callerIsManagement, notChecked, pass, warn, type Check } from './check';

/** The date CloudTrail Lake stopped taking new customers. */
export const LAKE_CLOSED_TO_NEW_CUSTOMERS = '2026-05-31';

const SWITCH = 'management.cloudTrailLake.enabled';
const FALLBACK = 'the Athena workgroup and Glue table over the trail bucket answer the same queries';

/**
 * Since 2026-05-31 CloudTrail Lake creates no event data store for an
 * organization that was not a Lake customer before. An existing store in the
 * management account is the evidence that it was. Preflight sees one region of
 * one account, so "none" is strong evidence, not proof: a warning, not a blocker.
 */
export const checkCloudTrailLake: Check = (input) => {
  const { callerAccount: caller, organization: org, config, configPath, expectations } = input;
  const check = 'CloudTrail Lake';
  const enabled = config.management.cloudTrailLake.enabled;
  const off = `${SWITCH} is false, so ${FALLBACK}`;
  if ('error' in caller.eventDataStores) {
    return enabled
      ? notChecked(check, caller.eventDataStores, 'cloudtrail:ListEventDataStores')
      : pass(check, `not needed: ${off}`);
  }
  const account = 'value' in caller.identity ? caller.identity.value.accountId : 'the credentials account';
  const where = `${account} (${caller.homeRegion})`;
  if (!callerIsManagement(input)) {
    return enabled
      ? warn(
          check,
          `not conclusive: looked in ${where}, not in the management account ${org.managementAccountId}`,
          'rerun with credentials of the management account, where organization event data stores live',
        )
      : pass(check, `not needed: ${off}`);
  }
  const stores = caller.eventDataStores.value;
  if (stores.length > 0) {
    const names = stores.map((s) => s.name).join(', ');
    if (!enabled)
      return pass(
        check,
        `existing customer (${names} in ${where}): ${SWITCH}: true would work; until then ${FALLBACK}`,
      );
    const ours = stores.some((s) => s.name === expectations.eventDataStoreName);
    return pass(
      check,
      `existing customer (${names} in ${where}): ${ours ? `${expectations.eventDataStoreName} already exists` : 'the event data store can be created'}`,
    );
  }
  const none = `no event data store in ${where}; since ${LAKE_CLOSED_TO_NEW_CUSTOMERS} CloudTrail Lake creates none for a new customer`;
  if (!enabled) return pass(check, `${none}. ${off}`);
  return warn(
    check,
    `${SWITCH} is true, but ${none}: unless this organization used Lake in another region before, creating ${expectations.eventDataStoreName} fails mid-deploy`,
    `set ${SWITCH}: false in ${configPath}; ${FALLBACK}`,
  );
};
