/* global console, setTimeout */
'use strict';
// Designates GuardDuty's delegated administrator in each region, from the
// management account. GuardDuty answers the same BadRequestException whether
// the account already is the administrator or another account is, so each
// region is looked at first: the same account is accepted, another one fails
// by name. Region by region, since the designation is regional.

// IAM applies a new role's policy only after a while (aws/aws-cdk#37675): a
// denied call is retried, for a minute in all, before it counts.
const PROPAGATION_DELAYS_MS = [2000, 4000, 8000, 16000, 30000];

function retryingDenials(guardDuty) {
  const delays = [...PROPAGATION_DELAYS_MS];
  const sleep = guardDuty.sleep || ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
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
    listAdmins: retrying(guardDuty.listAdmins),
    enable: retrying(guardDuty.enable),
    disable: retrying(guardDuty.disable),
  };
}

async function currentAdmin(guardDuty, region) {
  const admins = await guardDuty.listAdmins(region);
  const enabled = admins.find((a) => a.AdminStatus === 'ENABLED');
  return enabled ? enabled.AdminAccountId : undefined;
}

async function designate(guardDuty, region, admin) {
  const current = await currentAdmin(guardDuty, region);
  if (current === admin) return `${region}: ${admin} already designated, accepted`;
  if (current) {
    throw new Error(
      `GuardDuty in ${region} already has delegated administrator ${current}, not ${admin}. ` +
        `Remove it first (aws guardduty disable-organization-admin-account --admin-account-id ${current} --region ${region}), then deploy again.`,
    );
  }
  await guardDuty.enable(region, admin);
  return `${region}: ${admin} designated`;
}

async function release(guardDuty, region, admin) {
  if ((await currentAdmin(guardDuty, region)) !== admin) return `${region}: ${admin} not designated, nothing to remove`;
  await guardDuty.disable(region, admin);
  return `${region}: ${admin} removed`;
}

async function onEvent(event, api) {
  const { AdminAccountId: admin, Regions: regions, RemovalPolicy: removal } = event.ResourceProperties;
  const guardDuty = retryingDenials(api);
  const physicalResourceId = `guardduty-delegated-admin-${admin}`;
  let step;
  if (event.RequestType !== 'Delete') step = (region) => designate(guardDuty, region, admin);
  else if (removal === 'destroy') step = (region) => release(guardDuty, region, admin);
  else return { PhysicalResourceId: event.PhysicalResourceId }; // retained: the organization keeps its admin
  const failures = [];
  for (const region of regions) {
    try {
      console.log(await step(region));
    } catch (error) {
      failures.push(error instanceof Error ? error.message : String(error));
    }
  }
  if (failures.length > 0) throw new Error(failures.join(' | '));
  return { PhysicalResourceId: physicalResourceId };
}

async function handler(event) {
  const sdk = require('@aws-sdk/client-guardduty');
  const client = (region) => new sdk.GuardDutyClient({ region });
  return onEvent(event, {
    async listAdmins(region) {
      const admins = [];
      for await (const page of sdk.paginateListOrganizationAdminAccounts({ client: client(region) }, {})) {
        admins.push(...(page.AdminAccounts || []));
      }
      return admins;
    },
    enable: (region, id) => client(region).send(new sdk.EnableOrganizationAdminAccountCommand({ AdminAccountId: id })),
    disable: (region, id) =>
      client(region).send(new sdk.DisableOrganizationAdminAccountCommand({ AdminAccountId: id })),
  });
}

module.exports = { handler, onEvent };
