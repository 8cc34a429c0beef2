import {
  getDenialReasons,
  runSimulation,
  runUnsafeSimulation,
  type EvaluationResult,
  type RequestAnalysis,
  type Simulation,
} from '@cloud-copilot/iam-simulate';
import type { DeployedLandingZone, PolicyDocument } from './policies';

/**
 * A small language for access cases, evaluated by a real IAM policy engine
 * (`@cloud-copilot/iam-simulate`) over a deployed landing zone's SCPs, RCPs,
 * resource and identity policies. A case says who asks to do what to which
 * resource, with which request context, and what AWS must answer.
 */

export type Decision = EvaluationResult;

/** Who makes a request: an IAM role or user, a root user, or an AWS service. */
export interface Principal {
  /** The principal's ARN, or the service principal (`cloudtrail.amazonaws.com`). */
  readonly arn: string;
  /** The principal's account; undefined for a service. */
  readonly account?: string;
  readonly identityPolicies: readonly { readonly name: string; readonly policy: PolicyDocument }[];
  /** Request context the principal itself brings (`aws:PrincipalArn`, `aws:MultiFactorAuthPresent`, ...). */
  readonly context: Readonly<Record<string, string | string[]>>;
  /** OU IDs from the root down to the principal's account, for OU-attached organization policies. @default [] */
  readonly ous?: readonly string[];
}

export interface AccessCase {
  /** What the case proves, as the security contract states it. */
  readonly name: string;
  readonly who: Principal;
  readonly action: string;
  /** The resource's ARN. */
  readonly resource: string;
  /** The resource's account, when the landing zone does not deploy it (a role name space, another org's bucket). */
  readonly resourceAccount?: string;
  /** The resource's policy, when the landing zone does not deploy the resource (the CDK bootstrap roles' trust). */
  readonly resourcePolicy?: PolicyDocument;
  /** Request context of this request, on top of the principal's. */
  readonly context?: Readonly<Record<string, string | string[]>>;
  readonly expect: Decision;
  /** For an explicit deny: the Sid of a statement that must be among the denying ones. */
  readonly deniedBy?: string;
}

export interface Outcome {
  readonly decision: Decision;
  /** `policyType:Sid` of every explicitly denying statement. */
  readonly deniedBy: readonly string[];
  /**
   * Context keys the engine's input validation drops although AWS sets them
   * (`kms:EncryptionContext:<key>`, whose variable part contains colons): the
   * case was evaluated again without validation, with them (see `evaluate`).
   */
  readonly unvalidatedKeys: readonly string[];
}

/** The organization a landing zone is deployed in: where SCPs bind, and whom `aws:PrincipalOrgID` names. */
export interface Organization {
  readonly id: string;
  readonly rootId: string;
  readonly managementAccount: string;
  /** Every account of the organization the cases name, the management account included. */
  readonly accounts: readonly string[];
  /** The region of a request whose resource ARN names none (S3, IAM): the landing zone's home region. */
  readonly homeRegion: string;
}

/** AWS's `AdministratorAccess` and SCPs' `FullAWSAccess` have this one statement. */
export const ALLOW_ALL: PolicyDocument = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }],
};

/** The RCP Organizations attaches to every root, OU and account once RCPs are enabled. */
const RCP_FULL_AWS_ACCESS: PolicyDocument = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' }],
};

const ENCRYPTION_CONTEXT = /^kms:EncryptionContext:/i;

export class AccessModel {
  constructor(
    readonly lz: DeployedLandingZone,
    readonly org: Organization,
  ) {}

  /** An AWS service principal; the case's context carries its `aws:SourceArn` and the like. */
  service(name: string): Principal {
    return { arn: name, identityPolicies: [], context: { 'aws:PrincipalIsAWSService': 'true' } };
  }

  /**
   * An IAM role session in `account` (of this organization unless `orgId` says
   * otherwise). `mfa` is what STS recorded for the session: true only when it
   * was created with an MFA code (GetSessionToken or AssumeRole with one).
   */
  role(
    arn: string,
    identityPolicies: Principal['identityPolicies'],
    options: { readonly mfa?: boolean; readonly orgId?: string | null; readonly ous?: readonly string[] } = {},
  ): Principal {
    const account = arn.split(':')[4];
    const orgId = options.orgId === undefined ? this.org.id : options.orgId;
    return {
      arn,
      account,
      identityPolicies,
      ous: options.ous,
      context: {
        'aws:PrincipalArn': arn,
        'aws:PrincipalAccount': account,
        'aws:PrincipalIsAWSService': 'false',
        'aws:MultiFactorAuthPresent': String(options.mfa ?? false),
        ...(orgId ? { 'aws:PrincipalOrgID': orgId } : {}),
      },
    };
  }

  /** A role with `AdministratorAccess` in an account of this organization. */
  administrator(account: string, name = 'Administrator', options: { readonly mfa?: boolean } = {}): Principal {
    return this.role(
      `arn:aws:iam::${account}:role/${name}`,
      [{ name: 'AdministratorAccess', policy: ALLOW_ALL }],
      options,
    );
  }

  /** A role the landing zone deploys, with the identity policies its templates give it. */
  deployedRole(arn: string, options: { readonly mfa?: boolean } = {}): Principal {
    return this.role(arn, this.lz.identityPolicies(arn), options);
  }

  /**
   * The root user of an account. The engine does not model the root user's
   * implicit permissions, so it gets an allow-all identity policy, which is
   * what they amount to. Signed in with its password and MFA it carries
   * `aws:MultiFactorAuthPresent`; with long-term access keys it carries none.
   */
  root(account: string, options: { readonly mfa?: boolean; readonly accessKeys?: boolean } = {}): Principal {
    const arn = `arn:aws:iam::${account}:root`;
    return {
      arn,
      account,
      identityPolicies: [{ name: 'RootUser', policy: ALLOW_ALL }],
      context: {
        'aws:PrincipalArn': arn,
        'aws:PrincipalAccount': account,
        'aws:PrincipalIsAWSService': 'false',
        'aws:PrincipalOrgID': this.org.id,
        ...(options.accessKeys ? {} : { 'aws:MultiFactorAuthPresent': String(options.mfa ?? false) }),
      },
    };
  }

  /**
   * Evaluates a case. SCPs bind only principals of member accounts (never the
   * management account, never a service principal); RCPs bind only resources
   * of member accounts. `FullAWSAccess` is attached at every level, as
   * Organizations does.
   */
  async evaluate(c: AccessCase): Promise<Outcome> {
    const owner = this.lz.resourcePolicy(c.resource, c.action);
    if (owner && c.resourcePolicy)
      throw new Error(`${c.name}: the landing zone deploys ${c.resource} with its own policy`);
    const resourceAccount = c.resourceAccount ?? owner?.account ?? c.resource.split(':')[4];
    if (!resourceAccount) throw new Error(`${c.name}: resourceAccount is required for ${c.resource}`);
    // AWS sets aws:RequestedRegion on every request: the resource's region, or for a global ARN the endpoint's.
    const requestedRegion = c.resource.split(':')[3] || this.org.homeRegion;
    const context: Record<string, string | string[]> = {
      'aws:SecureTransport': 'true',
      'aws:RequestedRegion': requestedRegion,
      'aws:ResourceAccount': resourceAccount,
      ...c.who.context,
      ...(/^arn:aws:kms:[^:]+:\d{12}:key\//.test(c.resource)
        ? { 'kms:ResourceAliases': this.lz.aliasesOf(c.resource) }
        : {}),
      ...c.context,
    };
    // "aws:SourceOrgID ... is included in the request context when the service making the request acts for
    // a resource of an account in an organization" (global condition keys): with aws:SourceAccount, AWS adds it.
    const source = context['aws:SourceAccount'];
    if (typeof source === 'string' && this.org.accounts.includes(source) && !('aws:SourceOrgID' in context)) {
      context['aws:SourceOrgID'] = this.org.id;
    }
    const simulation: Simulation = {
      request: {
        principal: c.who.arn,
        action: c.action,
        resource: { resource: c.resource, accountId: resourceAccount },
        contextVariables: context,
      },
      identityPolicies: c.who.identityPolicies.map((p) => ({ name: p.name, policy: p.policy })),
      serviceControlPolicies: this.controlPolicies('SERVICE_CONTROL_POLICY', c.who.account, c.who.ous),
      resourceControlPolicies: this.controlPolicies('RESOURCE_CONTROL_POLICY', resourceAccount, []),
      resourcePolicy: owner?.policy ?? c.resourcePolicy,
    };
    const result = await runSimulation(simulation, {});
    if (result.resultType === 'error') {
      throw new Error(`${c.name}: the engine rejected the case: ${JSON.stringify(result.errors)}`);
    }
    if (result.resultType !== 'single') throw new Error(`${c.name}: the resource ${c.resource} must be one ARN`);
    const ignored = result.result.ignoredContextKeys ?? [];
    const notApplicable = ignored.filter((key) => !ENCRYPTION_CONTEXT.test(key));
    if (notApplicable.length > 0) {
      throw new Error(`${c.name}: ${notApplicable.join(', ')} is no context key of ${c.action}; fix the case`);
    }
    if (ignored.length === 0) return outcome(result.result.analysis);
    // The engine's validator recognizes variable keys only after a slash (aws:PrincipalTag/x), so it drops
    // kms:EncryptionContext:aws:cloudtrail:arn, which AWS sets. Its core evaluates such keys like any other:
    // run the same simulation without the validator, which returns the decision alone.
    // (Without a name the unvalidated path fails on the resource policy: it is handed over as validated, with one.)
    const resourcePolicy = simulation.resourcePolicy && {
      __validated: true,
      policyDocument: simulation.resourcePolicy,
      metadata: { name: 'resource policy' },
      errors: [],
    };
    // Nor does that path add RCPFullAWSAccess, which Organizations attaches everywhere.
    const resourceControlPolicies = simulation.resourceControlPolicies.map((level) => ({
      ...level,
      policies: [{ name: 'RCPFullAWSAccess', policy: RCP_FULL_AWS_ACCESS }, ...level.policies],
    }));
    const decision = runUnsafeSimulation({ ...simulation, resourcePolicy, resourceControlPolicies }, {});
    return { decision, deniedBy: [], unvalidatedKeys: ignored };
  }

  private controlPolicies(
    type: 'SERVICE_CONTROL_POLICY' | 'RESOURCE_CONTROL_POLICY',
    account: string | undefined,
    ous: readonly string[] = [],
  ): Simulation['serviceControlPolicies'] {
    if (account === undefined || account === this.org.managementAccount) return [];
    // The engine adds RCPFullAWSAccess itself (and refuses it as input); FullAWSAccess it leaves to us.
    const attached = (target: string) => [
      ...(type === 'SERVICE_CONTROL_POLICY' ? [{ name: 'FullAWSAccess', policy: ALLOW_ALL }] : []),
      ...this.lz.organizationPolicies
        .filter((p) => p.type === type && p.targetIds.includes(target))
        .map((p) => ({ name: p.name, policy: p.document })),
    ];
    return [this.org.rootId, ...ous, account].map((target) => ({ orgIdentifier: target, policies: attached(target) }));
  }
}

function outcome(analysis: RequestAnalysis): Outcome {
  const deniedBy = getDenialReasons(analysis).flatMap((d) =>
    d.denialType === 'Explicit' ? [`${d.policyType}:${d.statementId ?? d.statementIndex}`] : [],
  );
  return { decision: analysis.result, deniedBy, unvalidatedKeys: [] };
}
