/* global console, Buffer, URL, setTimeout */
'use strict';
// Turns on EBS encryption by default in this account and region: every new
// volume, and every snapshot copy, is encrypted (with the account's AWS
// managed key unless the account chose another). CloudFormation has no
// resource for it and no EC2 declarative policy attribute covers it, so the
// member StackSet runs this. Inlined in the template (ZipFile), since a
// StackSet instance cannot reach the CDK asset bucket: no framework,
// hence the hand-written CloudFormation response. Deleting leaves encryption
// on: unencrypted volumes are never a side effect.

// IAM applies the role's policy, created just before, only after a while
// (aws/aws-cdk#37675); EC2 denies with UnauthorizedOperation meanwhile. A
// denied call is retried, for about a minute in all, before it counts.
const PROPAGATION_DELAYS_MS = [2000, 4000, 8000, 16000, 30000];

function retryingDenials(ec2, sleep) {
  return async (name, input) => {
    const delays = [...PROPAGATION_DELAYS_MS];
    for (;;) {
      try {
        return await ec2(name, input);
      } catch (error) {
        if (!/UnauthorizedOperation|AccessDenied/.test(String(error && error.name)) || delays.length === 0) throw error;
        console.log(`${error.name}, retrying`);
        await sleep(delays.shift());
      }
    }
  };
}

const timer = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function onEvent(event, api, sleep = timer) {
  if (event.RequestType === 'Delete') return { id: event.PhysicalResourceId };
  const ec2 = retryingDenials(api, sleep);
  const { EbsEncryptionByDefault: on } = await ec2('GetEbsEncryptionByDefault', {});
  if (on) console.log('EBS encryption by default is already on');
  else await ec2('EnableEbsEncryptionByDefault', {});
  return { id: 'ebs-encryption-by-default' };
}

// The response goes to a presigned S3 URL, which is signed without a content type.
function respond(event, status, reason, id) {
  const body = JSON.stringify({
    Status: status,
    Reason: reason,
    PhysicalResourceId: id,
    StackId: event.StackId,
    RequestId: event.RequestId,
    LogicalResourceId: event.LogicalResourceId,
    Data: {},
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
  const ec2 = require('@aws-sdk/client-ec2');
  const client = new ec2.EC2Client({});
  return (name, input) => client.send(new ec2[`${name}Command`](input));
}

// Answers CloudFormation in every case: without an answer the stack waits out the service timeout.
async function run(event, context, connect) {
  let result;
  try {
    result = await onEvent(event, connect());
  } catch (error) {
    console.error(error);
    const id = event.PhysicalResourceId || context.logStreamName;
    return respond(event, 'FAILED', `${error.message} (log stream ${context.logStreamName})`, id);
  }
  return respond(event, 'SUCCESS', 'OK', result.id);
}

const handler = (event, context) => run(event, context, sdk);

module.exports = { handler, run, onEvent };
