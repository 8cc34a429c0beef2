import { z } from 'zod';
import { checkOuNames, ROOT_TARGET, type OrganizationConfig } from './organization';
import { OPT_IN_REGIONS, type Region } from './regions';

/**
 * Security Hub standards a configuration policy can enable, by the part of the
 * ARN after `standards/`. CIS v5.0.0 is the newest CIS benchmark Security Hub
 * offers; the older CIS versions stay selectable for organizations mid-migration.
 */
export const SECURITY_HUB_STANDARDS = [
  'aws-foundational-security-best-practices/v/1.0.0',
  'cis-aws-foundations-benchmark/v/5.0.0',
  'cis-aws-foundations-benchmark/v/3.0.0',
  'nist-800-53/v/5.0.0',
  'pci-dss/v/4.0.1',
  'aws-resource-tagging-standard/v/1.0.0',
] as const;

/** Agents GuardDuty Runtime Monitoring can install and update itself (its `*_AGENT_MANAGEMENT` settings). */
export const RUNTIME_MONITORING_AGENTS = ['EKS', 'ECS_FARGATE', 'EC2'] as const;

const on = z.boolean().default(true);

const guardDutySchema = z.strictObject({
  /** How often updates to active findings reach EventBridge and the findings bucket. */
  findingPublishingFrequency: z
    .enum(['FIFTEEN_MINUTES', 'ONE_HOUR', 'SIX_HOURS'], { error: 'must be FIFTEEN_MINUTES, ONE_HOUR or SIX_HOURS' })
    .default('FIFTEEN_MINUTES'),
  /** Protection plans, on for the audit account and auto-enabled for every member account. */
  protections: z
    .strictObject({
      s3DataEvents: on,
      eksAuditLogs: on,
      ebsMalwareProtection: on,
      rdsLoginEvents: on,
      lambdaNetworkLogs: on,
      runtimeMonitoring: z
        .strictObject({
          enabled: on,
          /** Workloads whose security agent GuardDuty deploys and updates itself. */
          agentManagement: z
            .array(
              z.enum(RUNTIME_MONITORING_AGENTS, { error: `must be one of ${RUNTIME_MONITORING_AGENTS.join(', ')}` }),
            )
            .default([...RUNTIME_MONITORING_AGENTS]),
        })
        .prefault({}),
    })
    .prefault({}),
});

/** Security Hub control IDs look like `IAM.6`, `EC2.10` or `CloudTrail.5`. */
const controlId = z.string().regex(/^[A-Za-z][A-Za-z0-9]*\.\d+$/, 'must be a Security Hub control ID such as IAM.6');

const securityHubSchema = z.strictObject({
  standards: z
    .array(z.enum(SECURITY_HUB_STANDARDS, { error: `must be one of ${SECURITY_HUB_STANDARDS.join(', ')}` }))
    .min(1, 'must enable at least one standard')
    .default(['aws-foundational-security-best-practices/v/1.0.0', 'cis-aws-foundations-benchmark/v/5.0.0']),
  /** Controls switched off everywhere; each needs the reason reviewers will read. */
  disabledControls: z
    .array(
      z.strictObject({
        id: controlId,
        reason: z.string().trim().min(20, 'must explain in at least 20 characters why the control is off'),
      }),
    )
    .default([]),
  /** Where the configuration policy is associated: `root`, or OU names from organization.organizationalUnits. */
  policyTargets: z.array(z.string()).min(1, 'must name at least one target').default([ROOT_TARGET]),
});

export const auditSchema = z.strictObject({
  guardDuty: guardDutySchema.prefault({}),
  securityHub: securityHubSchema.prefault({}),
  controlTower: z
    .strictObject({
      /**
       * AWS Control Tower already runs a configuration recorder in every enrolled
       * account (landing zone 4.0: with its AWS Config integration on); a second
       * recorder per region is impossible, so the landing zone's recorder
       * StackSet is left out, and the guardrails exempt Control Tower's
       * execution role from the Config-recording deny so that it can enroll,
       * update and repair its recorders.
       */
      configRecording: z.boolean().default(false),
    })
    .prefault({}),
});

export type AuditConfig = z.infer<typeof auditSchema>;

/** The parts of the config the audit section's cross-field rules read. */
interface AuditContext {
  readonly audit: AuditConfig;
  readonly organization: OrganizationConfig;
  readonly regions: { readonly home: Region; readonly governed: readonly Region[] };
}

/** Cross-field rules of the audit section; paths are relative to the config root. */
export function checkAudit(cfg: AuditContext, ctx: z.RefinementCtx) {
  const hub = cfg.audit.securityHub;
  const targets = ['audit', 'securityHub', 'policyTargets'];
  checkOuNames(cfg.organization, hub.policyTargets, targets, ctx);
  reportDuplicates(hub.policyTargets, targets, 'names a target twice', ctx);
  if (hub.policyTargets.includes(ROOT_TARGET) && hub.policyTargets.length > 1) {
    const ou = hub.policyTargets.find((t) => t !== ROOT_TARGET)!;
    ctx.addIssue({
      code: 'custom',
      path: [...targets, hub.policyTargets.indexOf(ou)],
      input: ou,
      message: "must not be listed together with 'root', which already covers every OU",
    });
  }
  reportDuplicates(
    hub.disabledControls.map((c) => c.id),
    ['audit', 'securityHub', 'disabledControls'],
    'disables a control twice',
    ctx,
    'id',
  );
  reportDuplicates(hub.standards, ['audit', 'securityHub', 'standards'], 'lists a standard twice', ctx);

  const { home, governed } = cfg.regions;
  // The GuardDuty findings bucket lives in the home region; GuardDuty exports
  // into an opt-in region's bucket only the findings of that same region.
  if (OPT_IN_REGIONS.includes(home) && governed.some((r) => r !== home)) {
    ctx.addIssue({
      code: 'custom',
      path: ['regions', 'home'],
      input: home,
      message:
        "is an opt-in region, where GuardDuty cannot export the other governed regions' findings; choose a home region enabled by default",
    });
  }
}

function reportDuplicates(
  values: readonly string[],
  path: (string | number)[],
  message: string,
  ctx: z.RefinementCtx,
  key?: string,
) {
  values.forEach((value, i) => {
    if (values.indexOf(value) === i) return;
    ctx.addIssue({ code: 'custom', path: [...path, i, ...(key ? [key] : [])], input: value, message });
  });
}
