/* global console, setTimeout */
'use strict';
// Designates a security service's delegated administrator, from the
// management account, in each region it is given. GuardDuty and Inspector
// designate per region ("Permissions required to designate a delegated
// GuardDuty administrator account"; "Designating a delegated administrator for
// Amazon Inspector": "The delegated administrator is Regional"); Security Hub
// CSPM is designated in the home region alone, and central configuration sets
// the same administrator in every linked region ("Enabling central
// configuration in Security Hub CSPM").
//
// None of the three tells "already this account" from "already another one" by
// its error, so each region is looked at first: the same account is accepted,
// another one fails by name with the command that removes it, none is designated.
//
// Deleting retains the designation unless RemovalPolicy is destroy: removing
// the administrator detaches every member account, and with Security Hub's
// central configuration it ends the configuration policies. So a rolled-back
// first create, a changed logical ID or a deleted stack leave it in place, and
// the next create accepts it.

const SERVICES = {
  guardduty: {
    name: 'GuardDuty',
    sdk: '@aws-sdk/client-guardduty',
    client: 'GuardDutyClient',
    paginate: 'paginateListOrganizationAdminAccounts',
    page: (p) => (p.AdminAccounts || []).map((a) => ({ accountId: a.AdminAccountId, status: a.AdminStatus })),
    enable: (sdk, id) => new sdk.EnableOrganizationAdminAccountCommand({ AdminAccountId: id }),
    disable: (sdk, id) => new sdk.DisableOrganizationAdminAccountCommand({ AdminAccountId: id }),
    removal: (id, region) =>
      `aws guardduty disable-organization-admin-account --admin-account-id ${id} --region ${region}`,
  },
  inspector2: {
    name: 'Inspector',
    sdk: '@aws-sdk/client-inspector2',
    client: 'Inspector2Client',
    paginate: 'paginateListDelegatedAdminAccounts',
    page: (p) => (p.delegatedAdminAccounts || []).map((a) => ({ accountId: a.accountId, status: a.status })),
    enable: (sdk, id) => new sdk.EnableDelegatedAdminAccountCommand({ delegatedAdminAccountId: id }),
    disable: (sdk, id) => new sdk.DisableDelegatedAdminAccountCommand({ delegatedAdminAccountId: id }),
    removal: (id, region) =>
      `aws inspector2 disable-delegated-admin-account --delegated-admin-account-id ${id} --region ${region}`,
    // Organizations' Inspector policies need it in the management account ("Getting started with Amazon
    // Inspector policies"); enabling the administrator does not create it there.
    serviceLinkedRole: 'inspector2.amazonaws.com',
  },
  securityhub: {
    name: 'Security Hub',
    sdk: '@aws-sdk/client-securityhub',
    client: 'SecurityHubClient',
    paginate: 'paginateListOrganizationAdminAccounts',
    page: (p) => (p.AdminAccounts || []).map((a) => ({ accountId: a.AccountId, status: a.Status })),
    enable: (sdk, id) => new sdk.EnableOrganizationAdminAccountCommand({ AdminAccountId: id }),
    disable: (sdk, id) => new sdk.DisableOrganizationAdminAccountCommand({ AdminAccountId: id }),
    // With central configuration the Security Hub API can neither change nor remove the administrator;
    // Organizations removes it in every region at once, and ends central configuration.
    removal: (id) =>
      `aws organizations deregister-delegated-administrator --account-id ${id} --service-principal securityhub.amazonaws.com, which removes it in every region and ends its central configuration`,
  },
};

// IAM applies a new role's policy only after a while (aws/aws-cdk#37675): a denied call is
// retried, for a minute in all for the whole event, before it counts.
const PROPAGATION_DELAYS_MS = [2000, 4000, 8000, 16000, 30000];
const ROLE_TAKEN = /has been taken in this account/;

function retryingDenials(api) {
  const delays = [...PROPAGATION_DELAYS_MS];
  const sleep = api.sleep || ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  const retrying =
    (call) =>
    async (...args) => {
      for (;;) {
        try {
          return await call(...args);
        } catch (error) {
          if (!/AccessDenied/.test(String(error && error.name)) || delays.length === 0) throw error;
          console.log(`${error.name}, retrying`);
          await sleep(delays.shift());
        }
      }
    };
  return {
    listAdmins: retrying(api.listAdmins),
    enable: retrying(api.enable),
    disable: retrying(api.disable),
    createServiceLinkedRole: api.createServiceLinkedRole && retrying(api.createServiceLinkedRole),
  };
}

function otherAdministrator(service, region, other, admin) {
  const where = `${service.name} in ${region} already has delegated administrator ${other.accountId}, not ${admin}.`;
  if (other.status === 'DISABLE_IN_PROGRESS') {
    return new Error(`${where} It is being removed: deploy again once it is gone.`);
  }
  return new Error(`${where} Remove it first (${service.removal(other.accountId, region)}), then deploy again.`);
}

async function designate(service, api, region, admin) {
  const admins = await api.listAdmins(region);
  const other = admins.find((a) => a.accountId !== admin);
  if (other) throw otherAdministrator(service, region, other, admin);
  const mine = admins.find((a) => a.accountId === admin);
  if (mine && mine.status === 'ENABLED') return `${region}: ${admin} already designated, accepted`;
  if (mine) {
    throw new Error(
      `${service.name} in ${region} is removing ${admin} (${mine.status}): deploy again once it is gone.`,
    );
  }
  await api.enable(region, admin);
  return `${region}: ${admin} designated`;
}

async function release(service, api, region, admin) {
  const mine = (await api.listAdmins(region)).find((a) => a.accountId === admin);
  if (!mine || mine.status !== 'ENABLED') return `${region}: ${admin} not designated, nothing to remove`;
  await api.disable(region, admin);
  return `${region}: ${admin} removed`;
}

async function ensureServiceLinkedRole(api) {
  try {
    await api.createServiceLinkedRole();
    return 'service-linked role created';
  } catch (error) {
    if (error.name === 'InvalidInputException' && ROLE_TAKEN.test(error.message)) return 'service-linked role exists';
    throw error;
  }
}

async function onEvent(event, rawApi) {
  const { Service: key, AdminAccountId: admin, Regions: regions, RemovalPolicy: removal } = event.ResourceProperties;
  const service = SERVICES[key];
  if (!service) throw new Error(`Service must be one of ${Object.keys(SERVICES).join(', ')}, got ${key}`);
  if (!/^\d{12}$/.test(String(admin))) throw new Error(`AdminAccountId must be a 12-digit account ID, got ${admin}`);
  const api = retryingDenials(rawApi);
  let step;
  if (event.RequestType !== 'Delete') step = (region) => designate(service, api, region, admin);
  else if (removal === 'destroy') step = (region) => release(service, api, region, admin);
  else return { PhysicalResourceId: event.PhysicalResourceId }; // retained: the organization keeps its admin
  if (event.RequestType !== 'Delete' && service.serviceLinkedRole) console.log(await ensureServiceLinkedRole(api));
  // Every region is brought to the desired state that can be; the failures are reported together.
  const failures = [];
  for (const region of regions) {
    try {
      console.log(await step(region));
    } catch (error) {
      failures.push(error instanceof Error ? error.message : String(error));
    }
  }
  if (failures.length > 0) throw new Error(failures.join(' | '));
  return { PhysicalResourceId: `${key}-delegated-admin-${admin}` };
}

/** The service's calls through its SDK, one client per region. */
function sdkApi(key) {
  const service = SERVICES[key];
  if (!service) return {};
  const sdk = require(service.sdk);
  const client = (region) => new sdk[service.client]({ region });
  return {
    async listAdmins(region) {
      const admins = [];
      for await (const page of sdk[service.paginate]({ client: client(region) }, {}))
        admins.push(...service.page(page));
      return admins;
    },
    enable: (region, id) => client(region).send(service.enable(sdk, id)),
    disable: (region, id) => client(region).send(service.disable(sdk, id)),
    createServiceLinkedRole: service.serviceLinkedRole
      ? () => {
          const iam = require('@aws-sdk/client-iam');
          // IAM's endpoint is global, in us-east-1.
          return new iam.IAMClient({ region: 'us-east-1' }).send(
            new iam.CreateServiceLinkedRoleCommand({ AWSServiceName: service.serviceLinkedRole }),
          );
        }
      : undefined,
  };
}

async function handler(event) {
  return onEvent(event, sdkApi(event.ResourceProperties.Service));
}

module.exports = { handler, onEvent };
