/* global console, Buffer, URL, setTimeout */
'use strict';
// The GuardDuty StackSet's custom resources (audit, one region), inlined as
// ZipFile (4 KB at most): an instance cannot reach the CDK asset bucket.

// Designating audit created its detector, which CloudFormation then cannot
// create: adopt it, or create it if missing.
async function detector(api, p) {
  const id =
    (await api.guardDuty('ListDetectors', {})).DetectorIds[0] ||
    (await api.guardDuty('CreateDetector', { Enable: true })).DetectorId;
  await api.guardDuty('UpdateDetector', {
    DetectorId: id,
    Enable: true,
    FindingPublishingFrequency: p.FindingPublishingFrequency,
    Features: p.DetectorFeatures,
  });
  await api.guardDuty('UpdateOrganizationConfiguration', {
    DetectorId: id,
    AutoEnableOrganizationMembers: 'ALL',
    Features: p.OrganizationFeatures,
  });
  return { id, data: { DetectorId: id } };
}

// Another account's key, known here by its alias ARN only.
async function keyArn(api, p) {
  const { KeyMetadata } = await api.kms(p.AliasArn.split(':')[3], 'DescribeKey', { KeyId: p.AliasArn });
  return { id: KeyMetadata.Arn, data: { Arn: KeyMetadata.Arn } };
}

const RESOURCES = { 'Custom::GuardDutyDetector': detector, 'Custom::KmsAliasTarget': keyArn };

// IAM applies a new role's policy after a while (aws/aws-cdk#37675):
// denials are retried for a minute in all.
function retrying(api) {
  const waits = [2e3, 4e3, 8e3, 16e3, 30e3];
  const sleep = api.sleep || ((ms) => new Promise((r) => setTimeout(r, ms)));
  const retry =
    (fn) =>
    async (...a) => {
      for (;;) {
        try {
          return await fn(...a);
        } catch (e) {
          if (!/AccessDenied/.test(e.name) || !waits.length) throw e;
          await sleep(waits.shift());
        }
      }
    };
  return { guardDuty: retry(api.guardDuty), kms: retry(api.kms) };
}

async function onEvent(event, api) {
  // Deleting never switches threat detection off.
  if (event.RequestType === 'Delete') return { id: event.PhysicalResourceId, data: {} };
  const apply = RESOURCES[event.ResourceType];
  if (!apply) throw new Error(`unknown resource type ${event.ResourceType}`);
  return apply(retrying(api), event.ResourceProperties);
}

// To a presigned S3 URL, signed without a content type.
function respond(event, status, reason, id, data) {
  const body = JSON.stringify({
    Status: status,
    Reason: reason,
    PhysicalResourceId: id,
    StackId: event.StackId,
    RequestId: event.RequestId,
    LogicalResourceId: event.LogicalResourceId,
    Data: data,
  });
  const url = new URL(event.ResponseURL);
  const { request } = require(url.protocol === 'http:' ? 'node:http' : 'node:https');
  return new Promise((resolve, reject) => {
    const put = request(
      url,
      { method: 'PUT', headers: { 'content-type': '', 'content-length': Buffer.byteLength(body) } },
      (res) => {
        res.resume();
        res.on('end', () =>
          res.statusCode < 300 ? resolve() : reject(new Error(`response rejected: ${res.statusCode}`)),
        );
      },
    );
    put.on('error', reject).end(body);
  });
}

function sdk() {
  const gd = require('@aws-sdk/client-guardduty');
  const kms = require('@aws-sdk/client-kms');
  const client = new gd.GuardDutyClient({});
  return {
    guardDuty: (name, input) => client.send(new gd[`${name}Command`](input)),
    kms: (region, name, input) => new kms.KMSClient({ region }).send(new kms[`${name}Command`](input)),
  };
}

// Always answers: else the stack waits out the service timeout.
async function run(event, context, connect) {
  let result;
  try {
    result = await onEvent(event, connect());
  } catch (error) {
    console.error(error);
    const id = event.PhysicalResourceId || context.logStreamName;
    return respond(event, 'FAILED', `${error.message} (log stream ${context.logStreamName})`, id, {});
  }
  return respond(event, 'SUCCESS', 'OK', result.id, result.data);
}

const handler = (event, context) => run(event, context, sdk);

module.exports = { handler, run, onEvent };
