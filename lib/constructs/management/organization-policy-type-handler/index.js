/* global console */
'use strict';
// Enables one AWS Organizations policy type on the root, from the management
// account, and waits until the root reports it ENABLED: EnablePolicyType only
// starts the change, the type is PENDING_ENABLE for a while, and a policy of
// the type cannot be attached until it is ENABLED. onEvent answers at once;
// the provider framework then calls isComplete until the type is enabled or
// the bounded wait runs out. Organizations refuses concurrent changes, so a
// refusal of that kind is simply tried again at the next poll. Deleting
// leaves the type enabled: disabling it would detach every policy of the
// type in the organization, the landing zone's or not.

const TRY_AGAIN = new Set(['ConcurrentModificationException', 'TooManyRequestsException']);

async function onEvent(event) {
  if (event.RequestType === 'Delete') return { PhysicalResourceId: event.PhysicalResourceId };
  const { RootId: rootId, PolicyType: type } = event.ResourceProperties;
  return { PhysicalResourceId: `policy-type-${rootId}-${type}` };
}

async function statusOf(api, rootId, type) {
  const roots = await api.listRoots();
  const root = roots.find((r) => r.Id === rootId);
  if (!root) {
    const known = roots.map((r) => r.Id).join(', ');
    throw new Error(`root ${rootId} is not this organization's root (${known}): check organization.rootId`);
  }
  const entry = (root.PolicyTypes || []).find((t) => t.Type === type);
  return entry && entry.Status;
}

async function isComplete(event, api) {
  if (event.RequestType === 'Delete') return { IsComplete: true };
  const { RootId: rootId, PolicyType: type } = event.ResourceProperties;
  const status = await statusOf(api, rootId, type);
  if (status === 'ENABLED') {
    console.log(`${type} is enabled on ${rootId}`);
    return { IsComplete: true };
  }
  if (status) {
    // PENDING_ENABLE: ours or someone's, under way. PENDING_DISABLE: enable once it is gone.
    console.log(`${type} is ${status} on ${rootId}, waiting`);
    return { IsComplete: false };
  }
  try {
    await api.enablePolicyType(rootId, type);
    console.log(`enabling ${type} on ${rootId}`);
  } catch (error) {
    // Already enabled is the state we want; the next poll sees it ENABLED.
    if (error.name !== 'PolicyTypeAlreadyEnabledException' && !TRY_AGAIN.has(error.name)) throw error;
    console.log(`${error.name} enabling ${type} on ${rootId}, polling again`);
  }
  return { IsComplete: false };
}

function sdk() {
  const org = require('@aws-sdk/client-organizations');
  // Organizations is a global service served from us-east-1.
  const client = new org.OrganizationsClient({ region: 'us-east-1' });
  return {
    async listRoots() {
      const roots = [];
      for await (const page of org.paginateListRoots({ client }, {})) roots.push(...(page.Roots || []));
      return roots;
    },
    enablePolicyType: (RootId, PolicyType) => client.send(new org.EnablePolicyTypeCommand({ RootId, PolicyType })),
  };
}

module.exports = {
  onEvent,
  isComplete,
  onEventHandler: (event) => onEvent(event),
  isCompleteHandler: (event) => isComplete(event, sdk()),
};
