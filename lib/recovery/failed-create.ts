/**
 * Clears the way for retrying a stack whose first create rolled back.
 *
 * `cdk deploy` turns termination protection on right after it creates the
 * change set of a new stack, before executing it, so a first create that
 * rolls back leaves a stack in ROLLBACK_COMPLETE (or ROLLBACK_FAILED) that
 * is protected, and the CLI's own "delete it and create it again" step then
 * fails. Such a stack never existed successfully: it holds no data (its
 * stateful resources are RetainExceptOnCreate), so lifting its protection and
 * deleting it is safe, and nothing else is: this refuses every other status.
 */

/** The statuses of a stack whose first create failed, as the CDK CLI itself tells them. */
export const FAILED_CREATE_STATUSES: readonly string[] = ['ROLLBACK_COMPLETE', 'ROLLBACK_FAILED'];

/** What the command needs of CloudFormation; the real client in the script, a fake in tests. */
export interface CloudFormationApi {
  describeStack(name: string): Promise<{ stackId: string; status: string; terminationProtection: boolean } | undefined>;
  /** Resources that are still there: retained, or whose deletion failed. */
  listResources(
    stackId: string,
  ): Promise<Array<{ logicalId: string; type: string; physicalId?: string; status: string }>>;
  disableTerminationProtection(stackId: string): Promise<void>;
  deleteStack(stackId: string): Promise<void>;
  /** The stack's status now, or undefined once it is gone. */
  statusOf(stackId: string): Promise<string | undefined>;
}

export interface RecoveryOptions {
  readonly stackName: string;
  /** Without it, only say what would be done. */
  readonly execute: boolean;
  readonly print: (line: string) => void;
  readonly sleep?: (ms: number) => Promise<void>;
  /** How long to wait for the deletion. @default 30 minutes */
  readonly timeoutMs?: number;
}

/** A reason the command must not act, in one line. */
export class RecoveryRefused extends Error {
  override readonly name = 'RecoveryRefused';
}

/** Leftovers a deleted stack leaves behind: resources CloudFormation did not delete. */
const LEFT_BEHIND = new Set(['DELETE_SKIPPED', 'DELETE_FAILED', 'CREATE_COMPLETE', 'UPDATE_COMPLETE']);

export async function recoverFailedCreate(api: CloudFormationApi, options: RecoveryOptions): Promise<void> {
  const { stackName, print } = options;
  const stack = await api.describeStack(stackName);
  if (!stack) throw new RecoveryRefused(`stack ${stackName} does not exist: run cdk deploy ${stackName}`);
  if (!FAILED_CREATE_STATUSES.includes(stack.status)) {
    throw new RecoveryRefused(
      `stack ${stackName} is ${stack.status}, not a failed first create (${FAILED_CREATE_STATUSES.join(' or ')}): it keeps its termination protection, and nothing is done`,
    );
  }
  const left = (await api.listResources(stack.stackId)).filter((r) => LEFT_BEHIND.has(r.status));
  print(`${stackName}: ${stack.status}, termination protection ${stack.terminationProtection ? 'on' : 'off'}`);
  for (const r of left) print(`  still there: ${r.logicalId} (${r.type}) ${r.physicalId ?? ''} ${r.status}`.trimEnd());
  if (!options.execute) {
    print(`Run again with --yes to lift its termination protection and delete it; then: npx cdk deploy ${stackName}`);
    return;
  }
  if (stack.terminationProtection) await api.disableTerminationProtection(stack.stackId);
  await api.deleteStack(stack.stackId);
  const sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  const deadline = Date.now() + (options.timeoutMs ?? 30 * 60_000);
  for (;;) {
    const status = await api.statusOf(stack.stackId);
    if (status === undefined || status === 'DELETE_COMPLETE') break;
    if (status === 'DELETE_FAILED') {
      throw new RecoveryRefused(
        `deleting ${stackName} failed (DELETE_FAILED): see its events (aws cloudformation describe-stack-events --stack-name ${stack.stackId})`,
      );
    }
    if (Date.now() > deadline) throw new RecoveryRefused(`${stackName} is still ${status}; check it in the console`);
    await sleep(5_000);
  }
  print(`${stackName}: deleted. Retry with: npx cdk deploy ${stackName}`);
}
