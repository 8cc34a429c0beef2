import { z } from 'zod';
import { checkOuNames, type OrganizationConfig } from './organization';
import { days } from './primitives';

/** The Insights types CloudTrail accepts on a trail. */
export const INSIGHT_TYPES = ['ApiCallRateInsight', 'ApiErrorRateInsight'] as const;

/** Retention periods CloudWatch Logs accepts, in days; "never expire" is left out on purpose. */
export const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

/** CloudTrail Lake's retention limits per billing mode. */
export const LAKE_MAX_RETENTION_DAYS = {
  EXTENDABLE_RETENTION_PRICING: 3653,
  FIXED_RETENTION_PRICING: 2557,
} as const;

const trailSchema = z.strictObject({
  /** `all` logs read and write management events; `writeOnly` drops the (much more numerous) reads. */
  managementEvents: z.enum(['all', 'writeOnly'], { error: 'must be all or writeOnly' }).default('all'),
  /** CloudTrail Insights on unusual call or error rates. Billed per event analysed. */
  insights: z.array(z.enum(INSIGHT_TYPES, { error: `must be ${INSIGHT_TYPES.join(' or ')}` })).default([]),
  dataEvents: z
    .strictObject({
      /** S3 object-level events of every bucket but the log-archive's own log buckets. */
      s3: z.enum(['none', 'writeOnly', 'all'], { error: 'must be none, writeOnly or all' }).default('none'),
      /** Lambda Invoke events of every function. */
      lambda: z.boolean({ error: 'must be true or false' }).default(false),
    })
    .prefault({}),
  cloudWatchLogs: z
    .strictObject({
      /** How long the trail's CloudWatch Logs copy (the one the CIS alarms read) is kept. */
      retentionDays: z
        .number({ error: 'must be a whole number of days' })
        .refine((value) => (LOG_RETENTION_DAYS as readonly number[]).includes(value), {
          error: `must be a CloudWatch Logs retention period (${LOG_RETENTION_DAYS.join(', ')})`,
        })
        .default(365),
    })
    .prefault({}),
});

const cloudTrailLakeSchema = z.strictObject({
  /**
   * CloudTrail Lake stopped accepting new customers on 2026-05-31: only an
   * organization that used it before can create an event data store.
   */
  enabled: z.boolean({ error: 'must be true or false' }).default(false),
  billingMode: z
    .enum(['EXTENDABLE_RETENTION_PRICING', 'FIXED_RETENTION_PRICING'], {
      error: 'must be EXTENDABLE_RETENTION_PRICING or FIXED_RETENTION_PRICING',
    })
    .default('EXTENDABLE_RETENTION_PRICING'),
  retentionDays: days('retentionDays', 7, LAKE_MAX_RETENTION_DAYS.EXTENDABLE_RETENTION_PRICING).default(366),
});

export const managementSchema = z.strictObject({
  trail: trailSchema.prefault({}),
  /**
   * Keep, for this version only, the AWS::SecurityHub::DelegatedAdmin that versions up to 0.2 designated
   * Security Hub's administrator with, now with a retain policy, so the next version can drop it without
   * disabling the administrator. False only for a Management stack that does not exist yet.
   */
  legacySecurityHubAdmin: z.boolean({ error: 'must be true or false' }).default(true),
  cloudTrailLake: cloudTrailLakeSchema.prefault({}),
  guardrails: z
    .strictObject({
      /** `root`, or OU names from organization.organizationalUnits, that the SCPs attach to. */
      targets: z.array(z.string()).min(1, 'must name at least one target').default(['root']),
    })
    .prefault({}),
});

export type ManagementConfig = z.infer<typeof managementSchema>;

/** Cross-field rules of the management section; paths are relative to the config root. */
export function checkManagement(
  cfg: { readonly management: ManagementConfig; readonly organization: OrganizationConfig },
  ctx: z.RefinementCtx,
) {
  const { trail, cloudTrailLake, guardrails } = cfg.management;
  const max = LAKE_MAX_RETENTION_DAYS[cloudTrailLake.billingMode];
  if (cloudTrailLake.retentionDays > max) {
    ctx.addIssue({
      code: 'custom',
      path: ['management', 'cloudTrailLake', 'retentionDays'],
      input: cloudTrailLake.retentionDays,
      message: `must be at most ${max} days with billingMode ${cloudTrailLake.billingMode} (EXTENDABLE_RETENTION_PRICING allows up to ${LAKE_MAX_RETENTION_DAYS.EXTENDABLE_RETENTION_PRICING})`,
    });
  }
  reportRepeats(trail.insights, ['management', 'trail', 'insights'], 'an Insights type', ctx);
  reportRepeats(guardrails.targets, ['management', 'guardrails', 'targets'], 'a target', ctx);
  checkOuNames(cfg.organization, guardrails.targets, ['management', 'guardrails', 'targets'], ctx);
}

function reportRepeats(values: readonly string[], path: string[], what: string, ctx: z.RefinementCtx) {
  values.forEach((value, i) => {
    if (values.indexOf(value) !== i) {
      ctx.addIssue({ code: 'custom', path: [...path, i], input: value, message: `lists ${what} twice` });
    }
  });
}
