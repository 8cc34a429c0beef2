import { parseArgs } from 'node:util';
import {
  CloudFormationClient,
  DeleteStackCommand,
  DescribeStacksCommand,
  paginateListStackResources,
  UpdateTerminationProtectionCommand,
} from '@aws-sdk/client-cloudformation';
import { DEFAULT_TIMEOUTS, requestHandlerOptions } from '../org/timeouts';
import { type CloudFormationApi, recoverFailedCreate, RecoveryRefused } from './failed-create';

export const RECOVER_USAGE = `Usage: npm run recover-failed-create -- --stack NAME [options]

For a stack whose first create rolled back (ROLLBACK_COMPLETE or ROLLBACK_FAILED):
lists what is left of it, and with --yes lifts its termination protection and
deletes it, so that \`npx cdk deploy NAME\` can create it again. Refuses any other
stack. Exit code 0: done (or nothing to do but --yes); 2: refused or failed.

  --stack NAME        the stack, as cdk names it (LogArchive, Management, ...)
  --region REGION     its region (default: AWS_REGION, then the profile's region)
  --profile NAME      an AWS profile of the stack's account (default: AWS_PROFILE)
  --yes               do it; without, only say what would be done
  -h, --help          show this help`;

/** Runs the command; returns its exit code. Errors it can explain are one line on stderr. */
export async function runRecoverFailedCreate(
  argv: readonly string[],
  io: { out(line: string): void; err(line: string): void },
  makeApi: (options: { region?: string; profile?: string }) => CloudFormationApi = cloudFormationApi,
): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        stack: { type: 'string' },
        region: { type: 'string' },
        profile: { type: 'string' },
        yes: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
    }));
  } catch (error) {
    io.err(`recover-failed-create: ${(error as Error).message} (see --help)`);
    return 2;
  }
  if (values.help) {
    io.out(RECOVER_USAGE);
    return 0;
  }
  if (!values.stack) {
    io.err('recover-failed-create: --stack NAME is required (see --help)');
    return 2;
  }
  try {
    await recoverFailedCreate(makeApi({ region: values.region, profile: values.profile }), {
      stackName: values.stack,
      execute: values.yes,
      print: io.out,
    });
    return 0;
  } catch (error) {
    const name = (error as Error).name;
    // A refusal, or an AWS error (access denied, expired credentials): one line, never a stack trace.
    if (
      error instanceof RecoveryRefused ||
      (error as { $metadata?: unknown }).$metadata ||
      name === 'CredentialsProviderError'
    ) {
      io.err(`recover-failed-create: ${(error as Error).message}`);
      return 2;
    }
    throw error;
  }
}

/** CloudFormation on the SDK's standard credential, region and endpoint chain, with timeouts. */
export function cloudFormationApi(options: { region?: string; profile?: string }): CloudFormationApi {
  const client = new CloudFormationClient({
    ...(options.region ? { region: options.region } : {}),
    ...(options.profile ? { profile: options.profile } : {}),
    requestHandler: requestHandlerOptions(DEFAULT_TIMEOUTS),
  });
  const describe = async (name: string) => {
    try {
      return (await client.send(new DescribeStacksCommand({ StackName: name }))).Stacks?.[0];
    } catch (error) {
      // CloudFormation answers a stack that does not exist with a ValidationError.
      if ((error as Error).name === 'ValidationError' && /does not exist/.test((error as Error).message))
        return undefined;
      throw error;
    }
  };
  return {
    async describeStack(name) {
      const stack = await describe(name);
      return (
        stack && {
          stackId: stack.StackId!,
          status: stack.StackStatus!,
          terminationProtection: stack.EnableTerminationProtection ?? false,
        }
      );
    },
    async listResources(stackId) {
      const resources = [];
      for await (const page of paginateListStackResources({ client }, { StackName: stackId })) {
        for (const r of page.StackResourceSummaries ?? []) {
          resources.push({
            logicalId: r.LogicalResourceId!,
            type: r.ResourceType!,
            physicalId: r.PhysicalResourceId,
            status: r.ResourceStatus!,
          });
        }
      }
      return resources;
    },
    disableTerminationProtection: async (stackId) => {
      await client.send(
        new UpdateTerminationProtectionCommand({ StackName: stackId, EnableTerminationProtection: false }),
      );
    },
    deleteStack: async (stackId) => {
      await client.send(new DeleteStackCommand({ StackName: stackId }));
    },
    statusOf: async (stackId) => (await describe(stackId))?.StackStatus,
  };
}
