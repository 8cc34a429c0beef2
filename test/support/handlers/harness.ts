/**
 * Runs custom resources as CloudFormation and Lambda would, in this process:
 * the code each function really deploys (found by custom-resources.ts) gets
 * CloudFormation's event, its `https` response to CloudFormation is caught,
 * and every AWS SDK call is answered by aws-sdk-client-mock and recorded
 * with the function that made it. A Provider framework's Lambda invocation
 * of its onEvent handler is itself such a call, answered by running that
 * handler, so each call is recorded against the role that really makes it.
 */
import { EventEmitter } from 'node:events';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { mockClient } from 'aws-sdk-client-mock';
import type { DeployedCustomResource, DeployedFunction } from './custom-resources';

/** An AWS API call a handler made. */
export interface AwsCall {
  /** The IAM service prefix, e.g. `organizations`. */
  readonly service: string;
  readonly operation: string;
  readonly input: Record<string, any>;
  readonly region: string;
  readonly caller: DeployedFunction;
}

/** The answer to a call by `service:Operation`: a value, or a function of the input and the resource's properties that returns or throws. */
export type Answer = unknown | ((input: any, properties: Record<string, any>) => unknown);

export type RequestType = 'Create' | 'Update' | 'Delete';

export interface Scenario {
  readonly name: string;
  readonly requestType: RequestType;
  /** Unlisted calls answer `{}`. */
  readonly answers?: Readonly<Record<string, Answer>>;
  /** What CloudFormation must be told. @default 'SUCCESS' */
  readonly expect?: 'SUCCESS' | 'FAILED';
}

export interface ScenarioResult {
  readonly scenario: Scenario;
  readonly status: 'SUCCESS' | 'FAILED' | 'NO RESPONSE';
  readonly reason?: string;
  readonly physicalResourceId?: string;
  readonly calls: readonly AwsCall[];
}

/** An error as the AWS SDK throws it, named by its error code. */
export function awsError(name: string, message = name): () => never {
  return () => {
    throw Object.assign(new Error(message), { name, $fault: 'client', $metadata: { httpStatusCode: 400 } });
  };
}

/** The `https` module object itself (an ES import is a frozen namespace), whose `request` the handlers look up on each call. */
const https: typeof import('node:https') = createRequire(__filename)('node:https');

const SDK_METADATA: Record<string, { iamPrefix: string }> = JSON.parse(
  fs.readFileSync(
    path.join(
      path.dirname(require.resolve('aws-cdk-lib/package.json')),
      'custom-resources/lib/helpers-internal/sdk-v3-metadata.json',
    ),
    'utf8',
  ),
);

/** Every AWS SDK v3 client extends one base client, whose `send` is stubbed here. */
const BaseClient = Object.getPrototypeOf(OrganizationsClient);

interface Run {
  readonly resource: DeployedCustomResource;
  readonly scenario: Scenario;
  readonly calls: AwsCall[];
}

export class HandlerHarness {
  private readonly mock = mockClient(BaseClient);
  private readonly responses = new Map<string, any>();
  private readonly callers: DeployedFunction[] = [];
  private run?: Run;
  private requests = 0;

  constructor() {
    const send = (client: unknown, command: unknown) => this.send(client, command);
    this.mock.send.callsFake(async function (this: unknown, command: unknown) {
      return (await send(this, command)) as never;
    });
    jest.spyOn(https, 'request').mockImplementation(((...args: any[]) => this.respond(args)) as any);
    for (const level of ['log', 'info', 'warn', 'error'] as const)
      jest.spyOn(console, level).mockImplementation(() => {});
  }

  restore(): void {
    this.mock.restore();
    jest.restoreAllMocks();
  }

  /** Runs one CloudFormation request through the resource's service token. */
  async execute(
    resource: DeployedCustomResource,
    scenario: Scenario,
    previous?: { physicalResourceId?: string },
  ): Promise<ScenarioResult> {
    const n = ++this.requests;
    const { account, region, stackName } = resource.stack;
    const responsePath = `/gate/${n}`;
    const properties = cfnStrings(resource.properties);
    const event = {
      RequestType: scenario.requestType,
      ServiceToken: resource.properties.ServiceToken,
      ResponseURL: `https://cloudformation-custom-resource-response-${region}.s3.amazonaws.com${responsePath}?X-Amz-Signature=gate`,
      StackId: `arn:aws:cloudformation:${region}:${account}:stack/${stackName}/00000000-0000-4000-8000-000000000000`,
      RequestId: `gate-${n}`,
      LogicalResourceId: resource.logicalId,
      ResourceType: resource.type,
      ResourceProperties: properties,
      ...(scenario.requestType !== 'Create' && {
        PhysicalResourceId: previous?.physicalResourceId ?? `gate-${resource.logicalId}`,
      }),
      ...(scenario.requestType === 'Update' && { OldResourceProperties: properties }),
    };
    const run: Run = { resource, scenario, calls: [] };
    this.run = run;
    try {
      await this.invoke(resource.serviceToken, event);
    } catch (error) {
      // A handler that throws instead of answering leaves CloudFormation waiting.
      return { scenario, status: 'NO RESPONSE', reason: (error as Error).message, calls: run.calls };
    } finally {
      this.run = undefined;
    }
    const response = this.responses.get(responsePath);
    if (!response) return { scenario, status: 'NO RESPONSE', calls: run.calls };
    return {
      scenario,
      status: response.Status,
      reason: response.Reason,
      physicalResourceId: response.PhysicalResourceId,
      calls: run.calls,
    };
  }

  /** Runs a function's handler as Lambda would, with its environment, as its role. */
  private async invoke(fn: DeployedFunction, event: unknown): Promise<unknown> {
    const handler = jest.requireActual<Record<string, unknown>>(fn.module)[fn.exportName] as (
      ...args: unknown[]
    ) => unknown;
    if (typeof handler !== 'function') throw new Error(`${fn.module} exports no function ${fn.exportName}`);
    const environment: Record<string, string> = {
      AWS_REGION: fn.stack.region,
      AWS_DEFAULT_REGION: fn.stack.region,
      AWS_LAMBDA_FUNCTION_NAME: fn.arn.split(':').pop() as string,
      ...fn.environment,
    };
    const saved = Object.fromEntries(Object.keys(environment).map((k) => [k, process.env[k]]));
    Object.assign(process.env, environment);
    this.callers.push(fn);
    try {
      return await handler(event, {
        logStreamName: '2026/12/01/[$LATEST]gate',
        awsRequestId: 'gate',
        // The handler's whole Lambda timeout, as at the start of an invocation.
        getRemainingTimeInMillis: () => fn.timeoutSeconds * 1000,
      });
    } finally {
      this.callers.pop();
      for (const [k, v] of Object.entries(saved)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
    }
  }

  private async send(client: any, command: any): Promise<unknown> {
    const run = this.run;
    const caller = this.callers[this.callers.length - 1];
    if (!run || !caller) throw new Error('an AWS call outside a handler run');
    const serviceKey = String(client.config.serviceId).toLowerCase().replace(/ /g, '-');
    const service = SDK_METADATA[serviceKey]?.iamPrefix ?? serviceKey;
    const operation = command.constructor.name.replace(/Command$/, '');
    const call: AwsCall = {
      service,
      operation,
      input: command.input ?? {},
      region: await client.config.region(),
      caller,
    };
    run.calls.push(call);
    if (service === 'lambda' && operation === 'Invoke') return this.lambdaInvoke(run, call);
    if (service === 'states')
      throw new Error('Step Functions waiters (Provider isComplete) are not run by the harness yet');
    const answer = run.scenario.answers?.[`${service}:${operation}`] ?? {};
    return typeof answer === 'function' ? answer(call.input, run.resource.properties) : structuredClone(answer);
  }

  /** Lambda's Invoke, as the Provider framework calls it: the target runs, its result or error is the payload. */
  private async lambdaInvoke(run: Run, call: AwsCall): Promise<unknown> {
    const target = run.resource.functionByArn(String(call.input.FunctionName).replace(/:(\$LATEST|\d+)$/, ''));
    if (!target) throw awsError('ResourceNotFoundException', `Function not found: ${call.input.FunctionName}`)();
    const payload = JSON.parse(Buffer.from(call.input.Payload ?? '{}').toString('utf8'));
    try {
      const result = await this.invoke(target, payload);
      return { StatusCode: 200, Payload: Buffer.from(result === undefined ? '' : JSON.stringify(result)) };
    } catch (error) {
      const body = { errorType: (error as Error).name, errorMessage: (error as Error).message, trace: [] };
      return { StatusCode: 200, FunctionError: 'Unhandled', Payload: Buffer.from(JSON.stringify(body)) };
    }
  }

  /** `https.request` to the presigned response URL: the body is kept, the answer is 200. */
  private respond(args: any[]): EventEmitter {
    const [target, second, third] = args;
    const callback = typeof second === 'function' ? second : third;
    const url = typeof target === 'string' || target instanceof URL ? new URL(target) : undefined;
    const requestPath = (url ? url.pathname : String(target.path)).split('?')[0];
    const chunks: string[] = [];
    const request = Object.assign(new EventEmitter(), {
      write: (chunk: unknown) => chunks.push(String(chunk)),
      end: (chunk?: unknown) => {
        if (chunk !== undefined) chunks.push(String(chunk));
        this.responses.set(requestPath, JSON.parse(chunks.join('')));
        const response: EventEmitter & { statusCode: number; resume?: () => unknown } = Object.assign(
          new EventEmitter(),
          {
            statusCode: 200,
          },
        );
        response.resume = () => setImmediate(() => response.emit('end'));
        callback?.(response);
      },
    });
    return request;
  }
}

/** CloudFormation hands a custom resource its scalar properties as strings. */
function cfnStrings(value: unknown): any {
  if (Array.isArray(value)) return value.map(cfnStrings);
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, cfnStrings(v)]));
  return typeof value === 'number' || typeof value === 'boolean' ? String(value) : value;
}
