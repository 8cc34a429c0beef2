/* global console, Buffer, URL */
'use strict';
// The custom resources of the GuardDuty StackSet, in the audit account of one
// region. Inlined in the template (ZipFile, 4 KB at most), since a StackSet
// instance cannot reach the CDK asset bucket: no framework, hence the
// hand-written CloudFormation response.

// Designating audit as delegated administrator already created the detector,
// which CloudFormation cannot then create: adopt it, create it only if missing.
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

// A key of another account is known here only by its alias ARN.
async function keyArn(api, p) {
  const { KeyMetadata } = await api.kms(p.AliasArn.split(':')[3], 'DescribeKey', { KeyId: p.AliasArn });
  return { id: KeyMetadata.Arn, data: { Arn: KeyMetadata.Arn } };
}

const RESOURCES = { 'Custom::GuardDutyDetector': detector, 'Custom::KmsAliasTarget': keyArn };

async function onEvent(event, api) {
  // Deleting leaves GuardDuty as it is: switching threat detection off is never a side effect.
  if (event.RequestType === 'Delete') return { id: event.PhysicalResourceId, data: {} };
  const apply = RESOURCES[event.ResourceType];
  if (!apply) throw new Error(`unknown resource type ${event.ResourceType}`);
  return apply(api, event.ResourceProperties);
}

// The response goes to a presigned S3 URL, which is signed without a content type.
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

// Answers CloudFormation in every case: without an answer the stack waits out the service timeout.
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
