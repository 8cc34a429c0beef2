/* global console, setTimeout */
'use strict';
// Registers Security Lake's delegated administrator, from the management
// account. An organization has one, and changing it takes deregistering the
// current one first (Security Lake user guide, "Managing multiple accounts
// with AWS Organizations"), so Organizations is asked first: the same account
// is accepted, another fails by name. Deleting leaves it: deregistering
// disables Security Lake for the organization.

const SERVICE_PRINCIPAL = 'securitylake.amazonaws.com';

// IAM applies a new role's policy only after a while (aws/aws-cdk#37675): a
// denied call is retried, for a minute in all, before it counts. So is a
// ConflictException, which the API reference says to retry.
const RETRY_DELAYS_MS = [2000, 4000, 8000, 16000, 30000];
const RETRIED = /AccessDenied|ConflictException/;

function retrying(api) {
  const delays = [...RETRY_DELAYS_MS];
  const sleep = api.sleep || ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  return async (call) => {
    for (;;) {
      try {
        return await call();
      } catch (error) {
        if (!RETRIED.test(String(error && error.name)) || delays.length === 0) throw error;
        console.log(`${error.name}, retrying: ${error.message}`);
        await sleep(delays.shift());
      }
    }
  };
}

function otherAdministrator(admins, admin) {
  const other = admins.find((id) => id !== admin);
  return new Error(
    `Security Lake already has delegated administrator ${other}, not ${admin}. Deregister it first ` +
      `(aws securitylake deregister-data-lake-delegated-administrator, which disables Security Lake for the organization), then deploy again.`,
  );
}

async function register(api, admin) {
  const retry = retrying(api);
  const admins = await retry(() => api.listAdministrators(SERVICE_PRINCIPAL));
  if (admins.includes(admin)) return `${admin} already registered, accepted`;
  if (admins.length > 0) throw otherAdministrator(admins, admin);
  try {
    await retry(() => api.register(admin));
  } catch (error) {
    // A registration that landed anyway is the desired state.
    const now = await retry(() => api.listAdministrators(SERVICE_PRINCIPAL));
    if (now.includes(admin)) return `${admin} registered (Security Lake answered ${error.name})`;
    if (now.length > 0) throw otherAdministrator(now, admin);
    throw error;
  }
  return `${admin} registered`;
}

async function onEvent(event, api) {
  const admin = event.ResourceProperties.AdminAccountId;
  if (!/^\d{12}$/.test(String(admin))) throw new Error(`AdminAccountId must be a 12-digit account ID, got ${admin}`);
  const physicalResourceId = `security-lake-delegated-admin-${admin}`;
  if (event.RequestType === 'Delete') return { PhysicalResourceId: event.PhysicalResourceId };
  console.log(await register(api, admin));
  return { PhysicalResourceId: physicalResourceId };
}

async function handler(event) {
  const organizations = require('@aws-sdk/client-organizations');
  const securityLake = require('@aws-sdk/client-securitylake');
  // Organizations' endpoint is in us-east-1.
  const org = new organizations.OrganizationsClient({ region: 'us-east-1' });
  const lake = new securityLake.SecurityLakeClient({});
  return onEvent(event, {
    async listAdministrators(servicePrincipal) {
      const ids = [];
      const pages = organizations.paginateListDelegatedAdministrators(
        { client: org },
        { ServicePrincipal: servicePrincipal },
      );
      for await (const page of pages) ids.push(...(page.DelegatedAdministrators || []).map((a) => a.Id));
      return ids;
    },
    register: (accountId) => lake.send(new securityLake.RegisterDataLakeDelegatedAdministratorCommand({ accountId })),
  });
}

module.exports = { handler, onEvent };
