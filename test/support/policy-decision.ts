import { runSimulation, type Simulation } from '@cloud-copilot/iam-simulate';
import { ALLOW_ALL } from './access';

/**
 * The IAM policy engine over exactly the policies a test hands it: a handler
 * role's policy against the calls it makes, and the data perimeter and region
 * guardrail, whose contract is about resources the landing zone does not
 * deploy (a member's bucket with a wide-open policy, an OU that hosts public
 * buckets via `aws:ResourceOrgPaths`, anonymous callers), which the access
 * matrix's AccessModel, built on the deployed resources and their own
 * policies, does not describe.
 */

export type Decision = 'Allowed' | 'ExplicitlyDenied' | 'ImplicitlyDenied';

export interface Request {
  readonly principal: Simulation['request']['principal'];
  readonly action: string;
  readonly resource: string;
  /** The account that owns the resource. */
  readonly resourceAccount: string;
  readonly context?: Record<string, string | string[]>;
}

export interface Policies {
  readonly identity?: object[];
  readonly resource?: object;
  /** Root first, the account's last, as Organizations evaluates them. */
  readonly scps?: Array<{ readonly target: string; readonly policies: object[] }>;
  readonly rcps?: Array<{ readonly target: string; readonly policies: object[] }>;
}

/** The engine's decision; a request it cannot evaluate fails the test with its errors. */
export async function decide(request: Request, policies: Policies): Promise<Decision> {
  const named = (docs: object[], prefix: string) => docs.map((policy, i) => ({ name: `${prefix}${i}`, policy }));
  const result = await runSimulation(
    {
      request: {
        principal: request.principal,
        action: request.action,
        resource: { resource: request.resource, accountId: request.resourceAccount },
        contextVariables: request.context ?? {},
      },
      identityPolicies: named(policies.identity ?? [], 'identity'),
      serviceControlPolicies: (policies.scps ?? []).map((level) => ({
        orgIdentifier: level.target,
        policies: named(level.policies, `scp-${level.target}-`),
      })),
      resourceControlPolicies: (policies.rcps ?? []).map((level) => ({
        orgIdentifier: level.target,
        policies: named(level.policies, `rcp-${level.target}-`),
      })),
      resourcePolicy: policies.resource,
    },
    {},
  );
  if (result.resultType === 'error')
    throw new Error(`iam-simulate refused the request: ${JSON.stringify(result.errors)}`);
  return result.overallResult as Decision;
}

/** The AWS managed SCP every root, OU and account carries once SCPs are enabled. */
export const FULL_AWS_ACCESS = ALLOW_ALL;

/** An identity policy allowing everything, so that a decision shows what the organization policies do. */
export const ADMIN = FULL_AWS_ACCESS;
