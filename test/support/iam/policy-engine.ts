import { isWildcardOnlyAction, runSimulation, type SimulationIdentityPolicy } from '@cloud-copilot/iam-simulate';
import type { TemplateResolver } from './template-resolver';

/** A role of a template and every identity policy attached to it there. */
export interface RolePolicies {
  readonly roleArn: string;
  readonly account: string;
  readonly policies: readonly SimulationIdentityPolicy[];
  /** AWS managed policies, whose contents are not in the template and are not evaluated. */
  readonly awsManagedPolicyArns: readonly string[];
}

/** What a principal asks for: an action on one resource, with the request's condition keys. */
export interface AccessRequest {
  readonly action: string;
  /** `*` for actions that accept no resource. */
  readonly resource: string;
  readonly context?: Readonly<Record<string, string | string[]>>;
}

/**
 * The identity policies of a role, as the template attaches them: its inline
 * `Policies`, `AWS::IAM::Policy` and `AWS::IAM::ManagedPolicy` resources that
 * list it, and customer managed policies it names in `ManagedPolicyArns`.
 */
export function rolePolicies(resolver: TemplateResolver, roleLogicalId: string): RolePolicies {
  const role = resolver.resource(roleLogicalId);
  if (role.Type !== 'AWS::IAM::Role') throw new Error(`${roleLogicalId} is a ${role.Type}, not an AWS::IAM::Role`);
  const props = role.Properties ?? {};
  const policies: SimulationIdentityPolicy[] = (props.Policies ?? []).map((p: any) => ({
    name: resolver.resolveString(p.PolicyName),
    policy: resolver.resolve(p.PolicyDocument),
  }));
  const awsManagedPolicyArns: string[] = [];
  const managedArns = new Set<string>((resolver.resolve(props.ManagedPolicyArns ?? []) as string[]).map(String));
  const listsRole = (roles: unknown) =>
    Array.isArray(roles) && roles.some((r: any) => r?.Ref === roleLogicalId || r === resolver.ref(roleLogicalId));
  for (const [logicalId, resource] of resolver.resources()) {
    const p = resource.Properties ?? {};
    if (resource.Type === 'AWS::IAM::Policy' && listsRole(p.Roles)) {
      policies.push({ name: logicalId, policy: resolver.resolve(p.PolicyDocument) });
    }
    if (resource.Type === 'AWS::IAM::ManagedPolicy') {
      const arn = resolver.ref(logicalId);
      if (listsRole(p.Roles) || managedArns.delete(arn)) {
        policies.push({ name: logicalId, policy: resolver.resolve(p.PolicyDocument) });
      }
    }
  }
  for (const arn of managedArns) {
    if (!/^arn:aws:iam::aws:policy\//.test(arn)) {
      throw new Error(`${roleLogicalId}: managed policy ${arn} is neither in the template nor AWS managed`);
    }
    awsManagedPolicyArns.push(arn);
  }
  return {
    roleArn: resolver.attribute(roleLogicalId, 'Arn'),
    account: resolver.stack.account,
    policies,
    awsManagedPolicyArns,
  };
}

/**
 * Whether the role's identity policies allow the request, by the IAM policy
 * engine of @cloud-copilot/iam-simulate in strict mode: condition keys the
 * request does not carry are absent, as in AWS. Resource policies, SCPs and
 * permissions boundaries are not part of the question, nor, for a resource
 * of another account, that account's side.
 */
export async function isAllowed(role: RolePolicies, request: AccessRequest): Promise<Decision> {
  const roleName = role.roleArn.split('/').pop();
  const result = await runSimulation(
    {
      request: {
        principal: `arn:aws:sts::${role.account}:assumed-role/${roleName}/gate`,
        action: request.action,
        // Asked as of the role's own account: the question is what its identity policies allow, a
        // resource in another account (a KMS key of log-archive) also needs that account's resource policy.
        resource: { resource: request.resource, accountId: role.account },
        contextVariables: { 'aws:PrincipalArn': role.roleArn, ...request.context },
      },
      identityPolicies: [...role.policies],
      serviceControlPolicies: [],
      resourceControlPolicies: [],
    },
    { simulationMode: 'Strict' },
  );
  if (result.resultType === 'error') return { allowed: false, error: describeErrors(result.errors) };
  // The identity policies' verdict: KMS, for one, never allows on identity policies alone.
  const analyses = result.resultType === 'single' ? [result.result] : result.results;
  return { allowed: analyses.length > 0 && analyses.every((a) => a.analysis.identityAnalysis?.result === 'Allowed') };
}

export interface Decision {
  readonly allowed: boolean;
  /** Why the engine could not evaluate the request (an unknown action, a malformed ARN or policy). */
  readonly error?: string;
}

function describeErrors(errors: { message: string }): string {
  const details = Object.entries(errors)
    .filter(([k]) => k !== 'message')
    .map(([k, v]) => `${k}: ${JSON.stringify(v)}`);
  return [errors.message, ...details].join('; ');
}

/** Whether an action accepts no resource narrower than `*`, by the Service Authorization Reference data. */
export async function wildcardOnly(action: string): Promise<boolean> {
  const [service, name] = action.split(':');
  return isWildcardOnlyAction(service, name);
}
