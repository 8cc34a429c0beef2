import { z } from 'zod';
import { days, flag } from './primitives';

/** Object Lock accepts at most 100 years of default retention. */
const OBJECT_LOCK_MAX_DAYS = 36500;

export const trailLifecycleSchema = z.strictObject({
  glacierAfterDays: days('glacierAfterDays', 1, 36500).default(90),
  deepArchiveAfterDays: days('deepArchiveAfterDays', 1, 36500).default(365),
  expireAfterDays: days('expireAfterDays', 1, 36500).default(2557),
  noncurrentExpireAfterDays: days('noncurrentExpireAfterDays', 1, 36500).default(30),
});

const trailBucketSchema = z
  .strictObject({
    /**
     * `policy`: deletes and protection changes need MFA through the bucket policy; lifecycle allowed.
     * `vault`: true S3 MFA delete, enabled by the root user; S3 forbids lifecycle rules on such a bucket.
     */
    mfaDelete: z.enum(['policy', 'vault']).default('policy'),
    objectLock: z
      .strictObject({
        mode: z.enum(['GOVERNANCE', 'COMPLIANCE']).default('GOVERNANCE'),
        days: days('objectLock.days', 1, OBJECT_LOCK_MAX_DAYS).default(365),
      })
      .prefault({}),
    /** Omit in vault mode; in policy mode an absent block means the defaults. */
    lifecycle: trailLifecycleSchema.optional(),
  })
  .superRefine((bucket, ctx) => {
    if (bucket.mfaDelete === 'vault' && bucket.lifecycle) {
      ctx.addIssue({
        code: 'custom',
        path: ['lifecycle'],
        input: 'present',
        message:
          'must be omitted when mfaDelete is vault: S3 does not accept lifecycle rules on a bucket with MFA delete enabled. Remove lifecycle, or choose mfaDelete: policy',
      });
    }
  })
  // Resolved here, once: the lifecycle in force is the defaults in policy mode, none in vault mode.
  .transform((bucket) => ({
    ...bucket,
    lifecycle: bucket.mfaDelete === 'vault' ? undefined : (bucket.lifecycle ?? trailLifecycleSchema.parse({})),
  }));

/** Every member account reads its own part of the trail bucket; see docs/own-logs.md. */
const ownLogsSchema = z.strictObject({
  /** A read-only `<prefix>-own-logs-reader` role in every member account, admitted to its own prefix alone. */
  enabled: flag(true),
  /** An Athena workgroup, results bucket and Glue table over its own prefix in every member account. */
  athena: flag(false),
});

export const logArchiveSchema = z.strictObject({
  trailBucket: trailBucketSchema.prefault({}),
  ownLogs: ownLogsSchema.prefault({}),
  configBucket: z
    .strictObject({
      glacierAfterDays: days('glacierAfterDays', 1, 36500).default(90),
      expireAfterDays: days('expireAfterDays', 1, 36500).default(2557),
    })
    .prefault({}),
  accessLogBucket: z
    .strictObject({
      expireAfterDays: days('expireAfterDays', 1, 36500).default(365),
    })
    .prefault({}),
});

/** Cross-field rules of the log-archive section; paths are relative to the config root. */
export function checkLogArchive(cfg: z.infer<typeof logArchiveSchema>, ctx: z.RefinementCtx) {
  checkTrailBucket(cfg.trailBucket, ctx);
  if (cfg.ownLogs.athena && !cfg.ownLogs.enabled) {
    ctx.addIssue({
      code: 'custom',
      path: ['logArchive', 'ownLogs', 'athena'],
      input: cfg.ownLogs.athena,
      message:
        'needs ownLogs.enabled: the queries run as the own-logs reader role. Set enabled: true, or athena: false',
    });
  }
  if (cfg.configBucket.expireAfterDays <= cfg.configBucket.glacierAfterDays) {
    ctx.addIssue({
      code: 'custom',
      path: ['logArchive', 'configBucket', 'expireAfterDays'],
      input: cfg.configBucket.expireAfterDays,
      message: `must be later than glacierAfterDays (${cfg.configBucket.glacierAfterDays})`,
    });
  }
}

function checkTrailBucket(bucket: z.infer<typeof trailBucketSchema>, ctx: z.RefinementCtx) {
  const at = (key: string) => ['logArchive', 'trailBucket', 'lifecycle', key];
  const { lifecycle } = bucket;
  if (!lifecycle) return;
  if (lifecycle.deepArchiveAfterDays <= lifecycle.glacierAfterDays) {
    ctx.addIssue({
      code: 'custom',
      path: at('deepArchiveAfterDays'),
      input: lifecycle.deepArchiveAfterDays,
      message: `must be later than glacierAfterDays (${lifecycle.glacierAfterDays})`,
    });
  }
  if (lifecycle.expireAfterDays <= lifecycle.deepArchiveAfterDays) {
    ctx.addIssue({
      code: 'custom',
      path: at('expireAfterDays'),
      input: lifecycle.expireAfterDays,
      message: `must be later than deepArchiveAfterDays (${lifecycle.deepArchiveAfterDays})`,
    });
  }
  if (lifecycle.expireAfterDays < bucket.objectLock.days) {
    ctx.addIssue({
      code: 'custom',
      path: at('expireAfterDays'),
      input: lifecycle.expireAfterDays,
      message: `must be at least objectLock.days (${bucket.objectLock.days}); locked logs cannot expire earlier`,
    });
  }
}
