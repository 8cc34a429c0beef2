import { z } from 'zod';
import { alertsSchema, checkAlerts } from './alerts';
import { auditSchema, checkAudit } from './audit';
import { baselineSchema, checkBaseline } from './baseline';
import { checkLogArchive, logArchiveSchema } from './log-archive';
import { checkManagement, managementSchema } from './management';
import { organizationSchema } from './organization';
import { accountId, ONLY_WHEN_EVERY_FIELD_IS_VALID, region } from './primitives';
import { checkSecurityLake, securityLakeSchema } from './security-lake';

/**
 * The one schema of the landing-zone config: it is both the runtime validation
 * and, through `z.infer`, the TypeScript types every stack receives a slice of.
 * Objects are strict so a misspelled key is an error, not a silently ignored knob.
 */

export const configSchema = z
  .strictObject({
    organization: organizationSchema,
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
    management: managementSchema.prefault({}),
    audit: auditSchema.prefault({}),
    securityLake: securityLakeSchema.prefault({}),
    baseline: baselineSchema.prefault({}),
    alerts: alertsSchema.optional(),
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
    checkLogArchive(cfg.logArchive, ctx);
    checkManagement(cfg, ctx);
    checkAudit(cfg, ctx);
    checkSecurityLake(cfg.securityLake, cfg.regions.governed, ctx);
    checkAlerts(cfg, ctx);
    checkBaseline(cfg, ctx);
  }, ONLY_WHEN_EVERY_FIELD_IS_VALID);

export type LandingZoneConfig = z.infer<typeof configSchema>;
export type LogArchiveConfig = LandingZoneConfig['logArchive'];
