import { z } from 'zod';
import { COMMERCIAL_REGIONS } from './regions';

/**
 * The one schema of the landing-zone config: it is both the runtime validation
 * and, through `z.infer`, the TypeScript types every stack receives a slice of.
 * Objects are strict so a misspelled key is an error, not a silently ignored knob.
 */

const accountId = z.string().regex(/^\d{12}$/, 'must be a 12-digit AWS account ID');
const region = z.enum(COMMERCIAL_REGIONS, { error: 'must be an AWS commercial region such as eu-west-1' });
const days = (what: string, min: number, max: number) =>
  z
    .number({ error: `${what} must be a whole number of days` })
    .int(`${what} must be a whole number of days`)
    .min(min, `${what} must be at least ${min} days`)
    .max(max, `${what} must be at most ${max} days`);

/** Object Lock accepts at most 100 years of default retention. */
const OBJECT_LOCK_MAX_DAYS = 36500;

export const trailLifecycleSchema = z.strictObject({
  glacierAfterDays: days('glacierAfterDays', 1, 36500).default(90),
  deepArchiveAfterDays: days('deepArchiveAfterDays', 1, 36500).default(365),
  expireAfterDays: days('expireAfterDays', 1, 36500).default(2557),
  noncurrentExpireAfterDays: days('noncurrentExpireAfterDays', 1, 36500).default(30),
});

const trailBucketSchema = z.strictObject({
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
});

const logArchiveSchema = z.strictObject({
  trailBucket: trailBucketSchema.prefault({}),
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

/** Cross-field rules would only repeat a field's own error in other words; run them on valid fields. */
const ONLY_WHEN_EVERY_FIELD_IS_VALID = { when: (payload: { issues: unknown[] }) => payload.issues.length === 0 };

export const configSchema = z
  .strictObject({
    organization: z.strictObject({
      id: z.string().regex(/^o-[a-z0-9]{10,32}$/, 'must be an organization ID such as o-a1b2c3d4e5'),
    }),
    accounts: z.strictObject({
      management: accountId,
      logArchive: accountId,
      audit: accountId,
    }),
    regions: z.strictObject({
      home: region,
      governed: z.array(region).min(1, 'must list at least one region'),
    }),
    /** Names and deployment roles shared by every account. */
    deployment: z
      .strictObject({
        /** Prefix of every physical name the accounts share (buckets, alias, roles). */
        prefix: z
          .string()
          .regex(/^[a-z][a-z0-9-]{0,14}[a-z0-9]$/, 'must be 2-16 lowercase letters, digits or hyphens')
          .default('lz'),
        /** The CDK bootstrap qualifier used in all three accounts. */
        cdkQualifier: z
          .string()
          .regex(/^[a-z0-9]{1,10}$/, 'must be 1-10 lowercase letters or digits')
          .default('hnb659fds'),
      })
      .prefault({}),
    logArchive: logArchiveSchema.prefault({}),
  })
  .superRefine((cfg, ctx) => {
    const roles = ['management', 'logArchive', 'audit'] as const;
    roles.forEach((role, i) => {
      const earlier = roles.slice(0, i).find((r) => cfg.accounts[r] === cfg.accounts[role]);
      if (earlier) {
        ctx.addIssue({
          code: 'custom',
          path: ['accounts', role],
          input: cfg.accounts[role],
          message: `is already accounts.${earlier}; management, logArchive and audit must be three distinct accounts`,
        });
      }
    });
    if (!cfg.regions.governed.includes(cfg.regions.home)) {
      ctx.addIssue({
        code: 'custom',
        path: ['regions', 'home'],
        input: cfg.regions.home,
        message: `must be one of regions.governed (${cfg.regions.governed.join(', ')})`,
      });
    }
    const dupes = cfg.regions.governed.filter((r, i, all) => all.indexOf(r) !== i);
    if (dupes.length > 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['regions', 'governed'],
        input: dupes[0],
        message: 'lists a region twice',
      });
    }
    checkTrailBucket(cfg.logArchive.trailBucket, ctx);
    const configBucket = cfg.logArchive.configBucket;
    if (configBucket.expireAfterDays <= configBucket.glacierAfterDays) {
      ctx.addIssue({
        code: 'custom',
        path: ['logArchive', 'configBucket', 'expireAfterDays'],
        input: configBucket.expireAfterDays,
        message: `must be later than glacierAfterDays (${configBucket.glacierAfterDays})`,
      });
    }
  }, ONLY_WHEN_EVERY_FIELD_IS_VALID);

function checkTrailBucket(bucket: z.infer<typeof trailBucketSchema>, ctx: z.RefinementCtx) {
  const at = (key: string) => ['logArchive', 'trailBucket', 'lifecycle', key];
  if (bucket.mfaDelete === 'vault') {
    if (bucket.lifecycle) {
      ctx.addIssue({
        code: 'custom',
        path: ['logArchive', 'trailBucket', 'lifecycle'],
        input: 'present',
        message:
          'must be omitted when mfaDelete is vault: S3 does not accept lifecycle rules on a bucket with MFA delete enabled. Remove lifecycle, or choose mfaDelete: policy',
      });
    }
    return;
  }
  const lifecycle = trailLifecycleSchema.parse(bucket.lifecycle ?? {});
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

export type LandingZoneConfig = z.infer<typeof configSchema>;
export type LogArchiveConfig = LandingZoneConfig['logArchive'];
export type TrailLifecycle = z.infer<typeof trailLifecycleSchema>;
