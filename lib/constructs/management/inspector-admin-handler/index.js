/* global console */
'use strict';
// Designates Amazon Inspector's delegated administrator in each region, from
// the management account. The designation is regional ("Designating a
// delegated administrator for Amazon Inspector"), so each region is looked at
// first: the same account is accepted, another one fails by name. It also
// creates Inspector's service-linked role in the management account, which
// Organizations' Inspector policies require there ("Getting started with
// Amazon Inspector policies"). Deleting changes nothing: removing the
// administrator would turn every member into a standalone account.

const ROLE_TAKEN = /has been taken in this account/;

async function currentAdmin(inspector, region) {
  const admins = await inspector.listAdmins(region);
  const enabled = admins.find((a) => a.status === 'ENABLED');
  return enabled ? enabled.accountId : undefined;
}

async function designate(inspector, region, admin) {
  const current = await currentAdmin(inspector, region);
  if (current === admin) return `${region}: ${admin} already designated, accepted`;
  if (current) {
    throw new Error(
      `Inspector in ${region} already has delegated administrator ${current}, not ${admin}. ` +
        `Remove it first (aws inspector2 disable-delegated-admin-account --delegated-admin-account-id ${current} --region ${region}), then deploy again.`,
    );
  }
  await inspector.enable(region, admin);
  return `${region}: ${admin} designated`;
}

async function ensureServiceLinkedRole(inspector) {
  try {
    await inspector.createServiceLinkedRole();
    return 'service-linked role created';
  } catch (error) {
    if (error.name === 'InvalidInputException' && ROLE_TAKEN.test(error.message)) return 'service-linked role exists';
    throw error;
  }
}

async function onEvent(event, inspector) {
  if (event.RequestType === 'Delete') return { PhysicalResourceId: event.PhysicalResourceId };
  const { AdminAccountId: admin, Regions: regions } = event.ResourceProperties;
  console.log(await ensureServiceLinkedRole(inspector));
  const failures = [];
  for (const region of regions) {
    try {
      console.log(await designate(inspector, region, admin));
    } catch (error) {
      failures.push(error instanceof Error ? error.message : String(error));
    }
  }
  if (failures.length > 0) throw new Error(failures.join(' | '));
  return { PhysicalResourceId: `inspector-delegated-admin-${admin}` };
}

async function handler(event) {
  const sdk = require('@aws-sdk/client-inspector2');
  const iam = require('@aws-sdk/client-iam');
  const client = (region) => new sdk.Inspector2Client({ region });
  return onEvent(event, {
    async listAdmins(region) {
      const admins = [];
      for await (const page of sdk.paginateListDelegatedAdminAccounts({ client: client(region) }, {})) {
        admins.push(...(page.delegatedAdminAccounts || []));
      }
      return admins;
    },
    enable: (region, id) =>
      client(region).send(new sdk.EnableDelegatedAdminAccountCommand({ delegatedAdminAccountId: id })),
    createServiceLinkedRole: () =>
      new iam.IAMClient({ region: 'us-east-1' }).send(
        new iam.CreateServiceLinkedRoleCommand({ AWSServiceName: 'inspector2.amazonaws.com' }),
      ),
  });
}

module.exports = { handler, onEvent };
