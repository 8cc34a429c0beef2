import { z } from 'zod';
import { dataPerimeterPolicy } from '../constructs/baseline/data-perimeter-policy';
import {
  ec2DeclarativePolicy,
  IMAGE_BLOCK_PUBLIC_ACCESS,
  IMDS_HOP_LIMIT,
  IMDS_HTTP_TOKENS,
  SNAPSHOT_BLOCK_PUBLIC_ACCESS,
  VPC_BLOCK_PUBLIC_ACCESS_MODES,
} from '../constructs/baseline/ec2-declarative-policy';
import {
  attachmentQuotaProblems,
  type PolicyAttachment,
  POLICY_TYPE_QUOTAS,
  policySizeProblem,
} from '../constructs/baseline/policy-quotas';
import { inspectorPolicy } from '../constructs/baseline/inspector-policy';
import type { OrganizationPolicy } from '../constructs/baseline/organization-policies';
import { regionGuardrailPolicy } from '../constructs/baseline/region-guardrail-policy';
import { s3BlockPublicAccessPolicy } from '../constructs/baseline/s3-block-public-access-policy';
import { checkOuNames, ROOT_TARGET, type OrganizationConfig } from './organization';
import { accountId, flag } from './primitives';

/**
 * The organization-wide preventive baseline: native Organizations policies
 * (Inspector, S3 Block Public Access, EC2 declarative, a data perimeter RCP,
 * a region SCP) and EBS encryption by default through a member StackSet.
 */

const oneOf = <T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values, { error: `must be one of ${values.join(', ')}` });

/** `root`, or OU names from organization.organizationalUnits, that a policy attaches to. */
const targets = z.array(z.string()).min(1, 'must name at least one target').default([ROOT_TARGET]);

const inspectorSchema = z.strictObject({
  /** Amazon Inspector in every account under the targets and every governed region, administered by audit. */
  enabled: flag(true),
  targets,
  /** Each scan on, or switched off organization-wide. */
  scans: z.strictObject({ ec2: flag(true), ecr: flag(true), lambda: flag(true), lambdaCode: flag(true) }).prefault({}),
});

const s3BlockPublicAccessSchema = z.strictObject({
  enabled: flag(true),
  targets,
  /** OUs whose accounts may host public buckets: they get Block Public Access `none` and S3 outside the perimeter. */
  exceptOus: z.array(z.string()).default([]),
});

const ec2Schema = z.strictObject({
  enabled: flag(true),
  targets,
  instanceMetadata: z
    .strictObject({
      httpTokens: oneOf(IMDS_HTTP_TOKENS).default('required'),
      hopLimit: z
        .number({ error: 'must be a whole number from -1 to 64' })
        .int('must be a whole number from -1 to 64')
        .min(IMDS_HOP_LIMIT.min, 'must be a whole number from -1 to 64')
        .max(IMDS_HOP_LIMIT.max, 'must be a whole number from -1 to 64')
        .default(2),
    })
    .prefault({}),
  serialConsole: flag(false),
  imageBlockPublicAccess: oneOf(IMAGE_BLOCK_PUBLIC_ACCESS).default('block_new_sharing'),
  snapshotBlockPublicAccess: oneOf(SNAPSHOT_BLOCK_PUBLIC_ACCESS).default('block_all_sharing'),
  /** Absent: each account decides. */
  vpcBlockPublicAccess: z
    .strictObject({ mode: oneOf(VPC_BLOCK_PUBLIC_ACCESS_MODES), exclusionsAllowed: flag(true) })
    .optional(),
  exceptionMessage: z.string().trim().min(1, 'must not be empty').optional(),
});

const dataPerimeterSchema = z.strictObject({
  enabled: flag(true),
  targets,
  /** Accounts outside the organization that member resources still admit (a vendor, a partner). */
  trustedAccounts: z.array(accountId).default([]),
});

export const baselineSchema = z.strictObject({
  inspector: inspectorSchema.prefault({}),
  s3BlockPublicAccess: s3BlockPublicAccessSchema.prefault({}),
  ec2: ec2Schema.prefault({}),
  /** EBS encryption by default in every member account and governed region (a StackSet from audit). */
  ebsEncryption: z.strictObject({ enabled: flag(true) }).prefault({}),
  dataPerimeter: dataPerimeterSchema.prefault({}),
  /** Opt in: an SCP denying everything outside the governed regions but global services. */
  regionGuardrail: z.strictObject({ enabled: flag(false), targets }).prefault({}),
});

export type BaselineConfig = z.infer<typeof baselineSchema>;

/**
 * The guardrail SCPs (ScpGuardrails) every guardrail target already carries;
 * with FullAWSAccess and the region guardrail, a target holds five, the most
 * Organizations allows. A test keeps this list in step with guardrailPolicies.
 */
export const GUARDRAIL_SCP_NAMES = ['protect-logging', 'protect-detection', 'protect-organization'] as const;

/** The parts of the config the baseline reads. */
export interface BaselineContext {
  readonly baseline: BaselineConfig;
  readonly organization: OrganizationConfig;
  readonly management: { readonly guardrails: { readonly targets: readonly string[] } };
  readonly securityLake: { readonly enabled: boolean; readonly siem?: { readonly accountId: string } };
}

/** The SIEM subscriber of Security Lake, an account outside the organization that reads the lake. */
export function siemAccountId(securityLake: BaselineContext['securityLake']): string | undefined {
  return securityLake.enabled ? securityLake.siem?.accountId : undefined;
}

/** The accounts outside the organization the perimeter admits: the configured ones and the SIEM subscriber. */
export function perimeterTrustedAccounts(baseline: BaselineConfig, siem?: string): string[] {
  return [...new Set([...baseline.dataPerimeter.trustedAccounts, ...(siem ? [siem] : [])])];
}

/** The `aws:ResourceOrgPaths` pattern of an OU, wherever it sits in the tree. */
export function ouOrgPathPattern(organizationId: string, ouId: string): string {
  return `${organizationId}/*/${ouId}/*`;
}

/** Cross-field rules of the baseline section; paths are relative to the config root. */
export function checkBaseline(cfg: BaselineContext, ctx: z.RefinementCtx) {
  const { baseline, organization } = cfg;
  const at = (...path: (string | number)[]) => ['baseline', ...path];
  const issue = (path: (string | number)[], input: unknown, message: string) =>
    ctx.addIssue({ code: 'custom', path, input, message });
  for (const part of ['inspector', 's3BlockPublicAccess', 'ec2', 'dataPerimeter', 'regionGuardrail'] as const) {
    checkTargets(organization, baseline[part].targets, at(part, 'targets'), ctx);
  }

  const { scans } = baseline.inspector;
  if (baseline.inspector.enabled && !Object.values(scans).some(Boolean)) {
    issue(at('inspector', 'scans'), scans, 'must switch on at least one scan, or set inspector.enabled to false');
  }
  if (scans.lambdaCode && !scans.lambda) {
    issue(
      at('inspector', 'scans', 'lambdaCode'),
      true,
      'needs scans.lambda: Inspector scans Lambda code only where it scans functions',
    );
  }

  const s3 = baseline.s3BlockPublicAccess;
  checkOuNames(organization, s3.exceptOus, at('s3BlockPublicAccess', 'exceptOus'), ctx, false);
  s3.exceptOus.forEach((ou, i) => {
    const path = at('s3BlockPublicAccess', 'exceptOus', i);
    if (!(ou in organization.organizationalUnits)) return; // already reported by checkOuNames
    if (s3.exceptOus.indexOf(ou) !== i) issue(path, ou, 'lists an OU twice');
    else if (!s3.enabled) issue(path, ou, 'needs s3BlockPublicAccess.enabled: there is no block to except it from');
    else if (s3.targets.includes(ou)) {
      issue(path, ou, 'is also in s3BlockPublicAccess.targets; an OU cannot be both blocked and excepted');
    }
  });

  const trusted = baseline.dataPerimeter.trustedAccounts;
  trusted.forEach((account, i) => {
    if (trusted.indexOf(account) !== i)
      issue(at('dataPerimeter', 'trustedAccounts', i), account, 'lists an account twice');
  });
  if (baseline.dataPerimeter.enabled) {
    const tooBig = policySizeProblem(
      'RESOURCE_CONTROL_POLICY',
      dataPerimeterPolicy({
        organizationId: organization.id,
        trustedAccounts: perimeterTrustedAccounts(baseline, siemAccountId(cfg.securityLake)),
        publicS3OrgPaths: s3.exceptOus.map((ou) =>
          ouOrgPathPattern(organization.id, organization.organizationalUnits[ou] ?? ou),
        ),
      }),
    );
    if (tooBig) {
      issue(
        at('dataPerimeter', 'trustedAccounts'),
        trusted.length,
        `lists too many accounts: the resource control policy ${tooBig}`,
      );
    }
  }

  const region = baseline.regionGuardrail;
  if (region.enabled) {
    const guardrails: PolicyAttachment[] = GUARDRAIL_SCP_NAMES.map((name) => ({
      type: 'SERVICE_CONTROL_POLICY',
      name,
      // A target listed twice is reported where it is listed, not counted twice here.
      targets: [...new Set(cfg.management.guardrails.targets)],
    }));
    const problems = attachmentQuotaProblems([
      ...guardrails,
      { type: 'SERVICE_CONTROL_POLICY', name: 'region-guardrail', targets: [...new Set(region.targets)] },
    ]);
    for (const problem of problems) {
      issue(
        at('regionGuardrail', 'targets', region.targets.indexOf(problem.target)),
        problem.target,
        `would carry ${problem.policies.length} SCPs (${problem.policies.join(', ')}), over the ${POLICY_TYPE_QUOTAS.SERVICE_CONTROL_POLICY.maxPerTarget} Organizations allows per target`,
      );
    }
  }
}

function checkTargets(
  org: OrganizationConfig,
  names: readonly string[],
  path: (string | number)[],
  ctx: z.RefinementCtx,
) {
  checkOuNames(org, names, path, ctx);
  names.forEach((name, i) => {
    if (names.indexOf(name) !== i) {
      ctx.addIssue({ code: 'custom', path: [...path, i], input: name, message: 'lists a target twice' });
    } else if (name !== ROOT_TARGET && names.includes(ROOT_TARGET)) {
      ctx.addIssue({
        code: 'custom',
        path: [...path, i],
        input: name,
        message: "must not be listed together with 'root', which already covers every OU",
      });
    }
  });
}

export interface BaselinePoliciesInput {
  readonly baseline: BaselineConfig;
  readonly organization: OrganizationConfig;
  readonly governedRegions: readonly string[];
  /** The Security Lake SIEM subscriber, which the perimeter admits. @default - none */
  readonly siemAccountId?: string;
  /** Every policy name starts with it, e.g. `lz`. */
  readonly prefix: string;
  /** ARN patterns of the landing zone's own roles, which the region guardrail exempts like every guardrail SCP. */
  readonly exemptPrincipalArns: readonly string[];
}

/**
 * The organization policies of the baseline the config switches on, in the
 * order they are attached, with their targets resolved to root and OU IDs.
 */
export function baselinePolicies(input: BaselinePoliciesInput): OrganizationPolicy[] {
  const { baseline, organization, prefix } = input;
  const ids = (names: readonly string[]) =>
    names.map((name) => (name === ROOT_TARGET ? organization.rootId : organization.organizationalUnits[name]));
  const policies: OrganizationPolicy[] = [];
  const add = (policy: Omit<OrganizationPolicy, 'name'> & { name: string }) =>
    policies.push({ ...policy, name: `${prefix}-${policy.name}` });
  const { inspector, s3BlockPublicAccess: s3, ec2, dataPerimeter, regionGuardrail } = baseline;
  if (inspector.enabled) {
    add({
      id: 'InspectorPolicy',
      type: 'INSPECTOR_POLICY',
      name: 'inspector',
      description: 'Amazon Inspector EC2, ECR and Lambda scanning in every governed region, administered by audit',
      content: inspectorPolicy({ scans: inspector.scans, regions: input.governedRegions }),
      targetIds: ids(inspector.targets),
    });
  }
  if (s3.enabled) {
    add({
      id: 'S3BlockPublicAccess',
      type: 'S3_POLICY',
      name: 's3-block-public-access',
      description: 'S3 Block Public Access, all four settings, decided by the organization',
      content: s3BlockPublicAccessPolicy('all'),
      targetIds: ids(s3.targets),
    });
    if (s3.exceptOus.length > 0) {
      add({
        id: 'S3PublicAccessException',
        type: 'S3_POLICY',
        name: 's3-public-access-exception',
        description: 'OUs that host public buckets: organization-level S3 Block Public Access off',
        content: s3BlockPublicAccessPolicy('none'),
        targetIds: ids(s3.exceptOus),
      });
    }
  }
  if (ec2.enabled) {
    add({
      id: 'Ec2Baseline',
      type: 'DECLARATIVE_POLICY_EC2',
      name: 'ec2-baseline',
      description: 'IMDSv2 by default, no public AMIs or snapshots, serial console off, VPC Block Public Access',
      content: ec2DeclarativePolicy(ec2),
      targetIds: ids(ec2.targets),
    });
  }
  if (dataPerimeter.enabled) {
    add({
      id: 'DataPerimeter',
      type: 'RESOURCE_CONTROL_POLICY',
      name: 'data-perimeter',
      description: 'S3, KMS, STS, SQS and Secrets Manager admit only the organization, AWS services for it, over TLS',
      content: dataPerimeterPolicy({
        organizationId: organization.id,
        trustedAccounts: perimeterTrustedAccounts(baseline, input.siemAccountId),
        publicS3OrgPaths: ids(s3.enabled ? s3.exceptOus : []).map((ou) => ouOrgPathPattern(organization.id, ou)),
      }),
      targetIds: ids(dataPerimeter.targets),
    });
  }
  if (regionGuardrail.enabled) {
    add({
      id: 'RegionGuardrail',
      type: 'SERVICE_CONTROL_POLICY',
      name: 'region-guardrail',
      description:
        'Nothing runs outside the governed regions, global services and the landing zone deployments excepted',
      content: regionGuardrailPolicy({
        regions: input.governedRegions,
        exemptPrincipalArns: input.exemptPrincipalArns,
      }),
      targetIds: ids(regionGuardrail.targets),
    });
  }
  return policies;
}
