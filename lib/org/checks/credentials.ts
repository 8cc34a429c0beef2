import { callerIsManagement, notChecked, pass, warn, type Check } from './check';

/** Organizations answers a delegated admin too, but CloudTrail Lake and trails must be read in the management account. */
export const checkCredentials: Check = (input) => {
  const { identity } = input.callerAccount;
  const management = input.organization.managementAccountId;
  if ('error' in identity) return notChecked('credentials', identity, 'sts:GetCallerIdentity');
  if (callerIsManagement(input)) return pass('credentials', `${identity.value.arn} (management account)`);
  return warn(
    'credentials',
    `${identity.value.arn} is not in the management account ${management}; the trail, Lake and recorder rows describe ${identity.value.accountId}`,
    `rerun with a profile of ${management} (e.g. AWS_PROFILE=<management profile> npm run preflight)`,
  );
};
