/* global console, setTimeout */
'use strict';
// Enables organization policy types on the root, one after another, and waits
// until the root reports each ENABLED. EnablePolicyType is asynchronous ("an
// asynchronous request that AWS performs in the background ... use ListRoots to
// see the status of policy types", Organizations API Reference): a policy of a
// type still PENDING_ENABLE cannot be attached, so the policies wait for this.
// Deleting leaves every type enabled: disabling one detaches every policy of
// that type in the whole organization.

// Organizations takes one change at a time and throttles; these clear by themselves.
const TRANSIENT = new Set([
  'ConcurrentModificationException',
  'PolicyChangesInProgressException',
  'TooManyRequestsException',
  'ServiceException',
]);

async function statusOf(api, rootId, type) {
  const root = (await api.listRoots()).find((r) => r.Id === rootId);
  if (!root) throw new Error(`root ${rootId} is not this organization's root: check organization.rootId`);
  const summary = (root.PolicyTypes || []).find((t) => t.Type === type);
  return summary ? summary.Status : 'DISABLED';
}

// A role's policy reaches every IAM endpoint within seconds of its creation, not at once: an
// access denied in the first minute is taken for that, and retried.
const PROPAGATION_MS = 60000;

function transient(error, clock) {
  if (TRANSIENT.has(error.name)) return true;
  return error.name === 'AccessDeniedException' && clock.now() < clock.start + PROPAGATION_MS;
}

async function retrying(what, attempt, clock) {
  for (let delay = clock.firstDelay; ; delay = Math.min(delay * 2, clock.maxDelay)) {
    try {
      return await attempt();
    } catch (error) {
      if (!transient(error, clock) || clock.now() + delay > clock.deadline) throw error;
      console.log(`${what}: ${error.name}, retrying in ${delay} ms`);
      await clock.sleep(delay);
    }
  }
}

async function enableOnce(api, rootId, type) {
  try {
    await api.enablePolicyType(rootId, type);
  } catch (error) {
    // Enabled meanwhile, by another deployment or by hand: the desired state holds.
    if (error.name !== 'PolicyTypeAlreadyEnabledException') throw error;
  }
}

// Reads the root until the type is ENABLED, asking for it whenever it is DISABLED
// (a PENDING_DISABLE from someone else ends in DISABLED, then it is asked for again).
async function enable(api, rootId, type, clock) {
  const read = () => retrying('ListRoots', () => statusOf(api, rootId, type), clock);
  for (let delay = clock.firstDelay; ; delay = Math.min(delay * 2, clock.maxDelay)) {
    let status = await read();
    if (status === 'DISABLED') {
      await retrying(`EnablePolicyType ${type}`, () => enableOnce(api, rootId, type), clock);
      status = await read();
    }
    if (status === 'ENABLED') return `${type}: enabled on ${rootId}`;
    if (clock.now() + delay > clock.deadline) {
      throw new Error(`${type} is still ${status} on ${rootId}; deploy again once ListRoots reports it ENABLED`);
    }
    await clock.sleep(delay);
  }
}

async function onEvent(event, api, clock) {
  const { RootId: rootId, PolicyTypes: types } = event.ResourceProperties;
  if (event.RequestType === 'Delete') return { PhysicalResourceId: event.PhysicalResourceId };
  // One at a time: Organizations refuses concurrent changes to the root.
  for (const type of types) console.log(await enable(api, rootId, type, clock));
  return { PhysicalResourceId: `policy-types-${rootId}` };
}

function realClock(timeLeft) {
  const start = Date.now();
  return {
    start,
    now: () => Date.now(),
    // Leaves a minute of the Lambda's time to answer CloudFormation.
    deadline: start + timeLeft - 60000,
    firstDelay: 2000,
    maxDelay: 20000,
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  };
}

async function handler(event, context) {
  const sdk = require('@aws-sdk/client-organizations');
  // Organizations' endpoint is global, in us-east-1.
  const client = new sdk.OrganizationsClient({ region: 'us-east-1' });
  const api = {
    async listRoots() {
      const roots = [];
      let NextToken;
      do {
        const page = await client.send(new sdk.ListRootsCommand({ NextToken }));
        roots.push(...(page.Roots || []));
        NextToken = page.NextToken;
      } while (NextToken);
      return roots;
    },
    enablePolicyType: (RootId, PolicyType) => client.send(new sdk.EnablePolicyTypeCommand({ RootId, PolicyType })),
  };
  return onEvent(event, api, realClock(context.getRemainingTimeInMillis()));
}

module.exports = { handler, onEvent };
