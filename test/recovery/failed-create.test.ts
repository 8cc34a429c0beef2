import {
  CloudFormationClient,
  DeleteStackCommand,
  DescribeStacksCommand,
  ListStackResourcesCommand,
  UpdateTerminationProtectionCommand,
} from '@aws-sdk/client-cloudformation';
import { mockClient } from 'aws-sdk-client-mock';
import { type CloudFormationApi, recoverFailedCreate } from '../../lib/recovery/failed-create';
import { runRecoverFailedCreate } from '../../lib/recovery/recover-command';

const STACK_ID = 'arn:aws:cloudformation:eu-west-1:222222222222:stack/LogArchive/1234';

/** A stack as CloudFormation holds it, and the calls made on it. */
function fakeStack(status: string | undefined, terminationProtection = true) {
  const calls: string[] = [];
  let current = status;
  const api: CloudFormationApi = {
    describeStack: async () => (current ? { stackId: STACK_ID, status: current, terminationProtection } : undefined),
    listResources: async () => [
      { logicalId: 'LogKey3EBDB3E8', type: 'AWS::KMS::Key', physicalId: 'k-1', status: 'DELETE_COMPLETE' },
      {
        logicalId: 'TrailBucketD6F5BC79',
        type: 'AWS::S3::Bucket',
        physicalId: 'lz-cloudtrail',
        status: 'DELETE_FAILED',
      },
    ],
    disableTerminationProtection: async () => {
      calls.push('UpdateTerminationProtection false');
    },
    deleteStack: async () => {
      calls.push('DeleteStack');
      current = 'DELETE_IN_PROGRESS';
    },
    statusOf: async () => {
      const now = current;
      if (current === 'DELETE_IN_PROGRESS') current = undefined;
      return now;
    },
  };
  return { api, calls };
}

const run = (api: CloudFormationApi, execute: boolean) => {
  const lines: string[] = [];
  const done = recoverFailedCreate(api, {
    stackName: 'LogArchive',
    execute,
    print: (l) => lines.push(l),
    sleep: async () => {},
  });
  return { done, lines };
};

describe('recovering a stack whose first create rolled back', () => {
  test('lists what is left and does nothing without --yes', async () => {
    const stack = fakeStack('ROLLBACK_FAILED');
    const { done, lines } = run(stack.api, false);
    await done;
    expect(stack.calls).toEqual([]);
    expect(lines).toEqual([
      'LogArchive: ROLLBACK_FAILED, termination protection on',
      '  still there: TrailBucketD6F5BC79 (AWS::S3::Bucket) lz-cloudtrail DELETE_FAILED',
      'Run again with --yes to lift its termination protection and delete it; then: npx cdk deploy LogArchive',
    ]);
  });

  test('with --yes, lifts termination protection, deletes it and waits until it is gone', async () => {
    const stack = fakeStack('ROLLBACK_COMPLETE');
    const { done, lines } = run(stack.api, true);
    await done;
    expect(stack.calls).toEqual(['UpdateTerminationProtection false', 'DeleteStack']);
    expect(lines.at(-1)).toBe('LogArchive: deleted. Retry with: npx cdk deploy LogArchive');
  });

  test.each(['CREATE_COMPLETE', 'UPDATE_ROLLBACK_COMPLETE', 'UPDATE_COMPLETE', 'DELETE_FAILED'])(
    'fails when the stack is %s: it exists, and keeps its protection',
    async (status) => {
      const stack = fakeStack(status);
      await expect(run(stack.api, true).done).rejects.toThrow(
        `stack LogArchive is ${status}, not a failed first create (ROLLBACK_COMPLETE or ROLLBACK_FAILED): it keeps its termination protection, and nothing is done`,
      );
      expect(stack.calls).toEqual([]);
    },
  );

  test('fails when the stack does not exist', async () => {
    await expect(run(fakeStack(undefined).api, true).done).rejects.toThrow(
      'stack LogArchive does not exist: run cdk deploy LogArchive',
    );
  });
});

describe('npm run recover-failed-create', () => {
  const cloudFormation = mockClient(CloudFormationClient);
  afterEach(() => cloudFormation.reset());
  const io = () => {
    const out: string[] = [];
    const err: string[] = [];
    return { out, err, io: { out: (l: string) => out.push(l), err: (l: string) => err.push(l) } };
  };

  test('drives CloudFormation through the real client, by stack ID', async () => {
    // GIVEN a protected stack in ROLLBACK_COMPLETE, which then disappears
    cloudFormation
      .on(DescribeStacksCommand)
      .resolvesOnce({
        Stacks: [
          {
            StackId: STACK_ID,
            StackName: 'LogArchive',
            StackStatus: 'ROLLBACK_COMPLETE',
            EnableTerminationProtection: true,
            CreationTime: new Date(),
          },
        ],
      })
      .rejects(Object.assign(new Error(`Stack with id ${STACK_ID} does not exist`), { name: 'ValidationError' }));
    cloudFormation.on(ListStackResourcesCommand).resolves({ StackResourceSummaries: [] });
    const { out, err, io: cli } = io();
    // WHEN the command runs with --yes
    const code = await runRecoverFailedCreate(['--stack', 'LogArchive', '--region', 'eu-west-1', '--yes'], cli);
    // THEN it lifted the protection and deleted that stack, and said how to retry
    expect({ code, err }).toEqual({ code: 0, err: [] });
    expect(cloudFormation.commandCalls(UpdateTerminationProtectionCommand)[0].args[0].input).toEqual({
      StackName: STACK_ID,
      EnableTerminationProtection: false,
    });
    expect(cloudFormation.commandCalls(DeleteStackCommand)[0].args[0].input).toEqual({ StackName: STACK_ID });
    expect(out.at(-1)).toBe('LogArchive: deleted. Retry with: npx cdk deploy LogArchive');
  });

  test('fails with one line when access is denied', async () => {
    cloudFormation.on(DescribeStacksCommand).rejects(
      Object.assign(new Error('User is not authorized to perform: cloudformation:DescribeStacks'), {
        name: 'AccessDenied',
        $metadata: {},
      }),
    );
    const { err, io: cli } = io();
    expect(await runRecoverFailedCreate(['--stack', 'LogArchive', '--region', 'eu-west-1'], cli)).toBe(2);
    expect(err).toEqual(['recover-failed-create: User is not authorized to perform: cloudformation:DescribeStacks']);
  });

  test('fails when --stack is missing or a flag is unknown, naming it', async () => {
    const { err, io: cli } = io();
    expect(await runRecoverFailedCreate([], cli)).toBe(2);
    expect(await runRecoverFailedCreate(['--stack', 'X', '--force'], cli)).toBe(2);
    expect(err[0]).toBe('recover-failed-create: --stack NAME is required (see --help)');
    expect(err[1]).toMatch(/^recover-failed-create: Unknown option '--force'/);
  });
});
