import { POLICY_TYPE_QUOTAS, policySize } from '../baseline/policy-quotas';
import { deploymentStatements } from './guardrail-deployment';
import { detectionStatements, loggingStatements } from './guardrail-evidence';
import type { ScpStatement } from './guardrail-statement';

export type { ScpStatement } from './guardrail-statement';

export interface ScpDocument {
  readonly Version: '2012-10-17';
  readonly Statement: ScpStatement[];
}

export interface GuardrailPolicy {
  /** Suffix of the policy name; stable, since the name identifies the policy in Organizations. */
  readonly name: string;
  readonly description: string;
  readonly document: ScpDocument;
}

/**
 * The principals that deploy and run the landing zone, each exempt only from
 * the statements its work needs. Every one is a role whose name the
 * guardrails protect, so no one can create, re-trust or otherwise become it.
 */
export interface GuardrailPrincipals {
  /** log-archive's CloudFormation execution role in the home region: the log buckets and keys. */
  readonly logArchiveDeployment: string;
  /**
   * log-archive's CloudFormation execution roles of the regions with a Security Lake stack.
   * @default - none (no Security Lake)
   */
  readonly securityLakeDeployments?: string;
  /** audit's CloudFormation execution role in the home region. */
  readonly auditDeployment: string;
  /** The CDK deploy roles, which alone pass those execution roles to CloudFormation. */
  readonly deployRoles: readonly string[];
  /**
   * Roles of member accounts that may assume the deploy roles. Deployments from the
   * management account, which SCPs never bind, need none.
   * @default - none
   */
  readonly deployers?: readonly string[];
  /** The roles `cdk bootstrap` runs as in log-archive and audit; they alone change the CDK roles. */
  readonly bootstrapRoles: readonly string[];
  /** The service-managed StackSets' execution role, in every account (a pattern: AWS picks the suffix). */
  readonly stackSetExecution: string;
  /** The GuardDuty StackSet's execution role, which deploys the GuardDuty handlers. */
  readonly guardDutyExecution: string;
  /** The GuardDuty handler roles of the governed regions. */
  readonly guardDutyHandlers: string;
  /**
   * The execution role of audit's StackSet of the organization analyzer and
   * conformance pack in the governed regions but home.
   * @default - no such StackSet (the home region is governed alone)
   */
  readonly auditRegionsExecution?: string;
  /**
   * AWS Control Tower's execution role, when Control Tower records AWS Config.
   * @default - Control Tower may not change Config recording
   */
  readonly controlTowerExecution?: string;
}

/** What the guardrails protect, by name. */
export interface GuardrailResources {
  readonly logArchiveAccountId: string;
  readonly auditAccountId: string;
  /** ARN pattern of the log-archive buckets. */
  readonly logBucketArnPattern: string;
  /** Alias of the log-archive key, e.g. `alias/lz/logs`. */
  readonly logKeyAlias: string;
  /** Alias of the key that encrypts the GuardDuty findings exported to log-archive. */
  readonly findingsKeyAlias: string;
  /** The AWS Config recorder roles of every account and region. */
  readonly configRecorderRoleArnPattern: string;
  /** The GuardDuty roles' name pattern (StackSet administration and execution, handlers) in audit. */
  readonly guardDutyRoleArnPattern: string;
  /** The roles of audit's other-regions StackSet (administration and execution), in audit. */
  readonly auditRegionsRoleArnPattern: string;
  /** The GuardDuty handler function, in every region of audit. */
  readonly guardDutyHandlerFunctionArnPattern: string;
  readonly investigatorRoleArn: string;
  /**
   * The own-logs reader role of every account, which only its StackSet may create or change.
   * @default - not protected (the landing zone deploys no reader)
   */
  readonly ownLogsReaderRoleArnPattern?: string;
  /** Every role `cdk bootstrap` creates in log-archive and audit. */
  readonly cdkRoleArnPatterns: readonly string[];
  /** Every customer-managed policy `cdk bootstrap` creates in log-archive and audit. */
  readonly cdkPolicyArnPatterns: readonly string[];
  /** The CloudFormation execution roles of log-archive and audit, in any region. */
  readonly deploymentRoleArnPatterns: readonly string[];
  /** The CDK deploy roles of log-archive and audit, in any region. */
  readonly deployRoleArnPatterns: readonly string[];
  /** The stacks the landing zone deploys with a deployment role, and its StackSets' stack instances. */
  readonly stackArnPatterns: readonly string[];
  /** The customer-managed policies CloudFormation names after the audit stacks. */
  readonly auditPolicyArnPatterns: readonly string[];
  /** The customer-managed policies of the landing zone's StackSet instances, in every account. */
  readonly stackSetPolicyArnPattern: string;
  /**
   * Security Lake in log-archive: its lakes, subscribers and Lake Formation settings, and its keys' alias.
   * @default - Security Lake is not protected (not deployed)
   */
  readonly securityLake?: { readonly keyAlias: string };
  /**
   * The alert-forwarding rules and roles in every account, and the alert bus,
   * rules, topics, key and Chatbot channels in audit; an intruder who could
   * remove them would silence an account before stopping its trail.
   * @default - alerting is not protected (no alerting configured)
   */
  readonly alerting?: AlertingResources;
}

export interface AlertingResources {
  readonly forwardingRuleArnPattern: string;
  readonly forwarderRoleArnPattern: string;
  readonly busArn: string;
  /** Rules of the alert bus, and of the default bus that funnel findings onto it. */
  readonly ruleArnPatterns: readonly string[];
  readonly topicArnPattern: string;
  readonly keyAlias: string;
  readonly chatConfigurationArnPattern: string;
}

export interface GuardrailPoliciesProps extends GuardrailResources {
  readonly principals: GuardrailPrincipals;
  /**
   * Only the root user can turn on S3 MFA delete, with `PutBucketVersioning`.
   * When true (the trail bucket's vault mode), the log-archive root user may
   * still manage its own credentials and bucket versioning, and nothing else.
   * @default false
   */
  readonly allowLogArchiveRootToEnableMfaDelete?: boolean;
}

/**
 * Organizations' limit on a service control policy, in characters (Quotas for
 * AWS Organizations), as every policy type's quota is kept.
 */
export const SCP_MAX_CHARACTERS = POLICY_TYPE_QUOTAS.SERVICE_CONTROL_POLICY.maxCharacters;

/**
 * The landing zone's three service control policies. They bind every
 * principal of the member accounts under their targets (never the management
 * account, never an AWS service): the evidence, the detectors, the alerts
 * and the organization are out of reach, except for the landing zone's own
 * deployment roles, and no one can become one of those roles.
 *
 * Throws, naming the policy, when one outgrows Organizations' limit.
 */
export function guardrailPolicies(props: GuardrailPoliciesProps): GuardrailPolicy[] {
  const policies: GuardrailPolicy[] = [
    {
      name: 'protect-logging',
      description:
        'No member administers CloudTrail, and nobody but the landing zone deployments changes the log buckets, log keys, Security Lake, the own-logs reader or the landing zone stacks',
      document: { Version: '2012-10-17', Statement: loggingStatements(props) },
    },
    {
      name: 'protect-detection',
      description:
        'Nobody but the landing zone deployments disables GuardDuty, Security Hub, AWS Config, Access Analyzer or the alerts',
      document: { Version: '2012-10-17', Statement: detectionStatements(props) },
    },
    {
      name: 'protect-organization',
      description:
        'No account leaves the organization, no member root user acts, and no one becomes a landing zone deployment role',
      document: { Version: '2012-10-17', Statement: deploymentStatements(props) },
    },
  ];
  for (const policy of policies) {
    const size = scpSize(policy.document);
    if (size > SCP_MAX_CHARACTERS) {
      throw new Error(
        `SCP ${policy.name} must be at most ${SCP_MAX_CHARACTERS} characters (Organizations' limit), got ${size}: ` +
          'fewer governed regions or deployers shorten its exemption lists',
      );
    }
  }
  return policies;
}

/** A policy's size as Organizations counts it: the characters CloudFormation submits. */
export const scpSize: (document: ScpDocument) => number = policySize;
