import { z } from 'zod';
import { alertsSchema, checkAlerts } from './alerts';
import { auditSchema, checkAudit } from './audit';
import { checkCi, ciSchema } from './ci';
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
        /**
         * The role `cdk bootstrap` runs as in log-archive and audit, assumed from the management
         * account: the guardrails let it alone change the CDK roles there.
         */
        bootstrapRoleName: z
          .string()
          .regex(/^[\w+=,.@-]{1,64}$/, 'must be an IAM role name')
          .default('OrganizationAccountAccessRole'),
        /**
         * Roles of other member accounts (a CI account) that may assume the CDK deploy roles of
         * log-archive and audit. The management account, which SCPs never bind, needs no entry.
         */
        deployerRoleArns: z
          .array(
            z.string().regex(/^arn:aws:iam::\d{12}:role\/[\w+=,.@/-]+$/, 'must be an IAM role ARN without wildcards'),
          )
          .default([]),
      })
      .prefault({}),
    logArchive: logArchiveSchema.prefault({}),
    management: managementSchema.prefault({}),
    audit: auditSchema.prefault({}),
    securityLake: securityLakeSchema.prefault({}),
    baseline: baselineSchema.prefault({}),
    alerts: alertsSchema.optional(),
    /** The GitHub repository whose workflows deploy and diff; without it, no CI roles. */
    ci: ciSchema.optional(),
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
    // A workload account cannot also be one of the three: routes and exceptions would treat a core account as a workload.
    for (const role of roles) {
      const named = Object.entries(cfg.organization.memberAccounts).find(([, id]) => id === cfg.accounts[role]);
      if (named) {
        ctx.addIssue({
          code: 'custom',
          path: ['organization', 'memberAccounts', named[0]],
          input: named[1],
          message: `is accounts.${role}; organization.memberAccounts names workload accounts, not management, logArchive or audit`,
        });
      }
    }
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
    cfg.deployment.deployerRoleArns.forEach((arn, i) => {
      const account = arn.split(':')[4];
      const role = (Object.keys(cfg.accounts) as (keyof typeof cfg.accounts)[]).find(
        (r) => cfg.accounts[r] === account,
      );
      if (!role) return;
      ctx.addIssue({
        code: 'custom',
        path: ['deployment', 'deployerRoleArns', i],
        input: arn,
        message:
          role === 'management'
            ? 'is a role of the management account, which SCPs never bind; leave it out'
            : `is a role of accounts.${role}, whose administrators could then deploy as the landing zone; use a role of another account`,
      });
    });
    checkLogArchive(cfg.logArchive, ctx);
    checkManagement(cfg, ctx);
    checkAudit(cfg, ctx);
    checkSecurityLake(cfg.securityLake, cfg.regions.governed, ctx);
    checkAlerts(cfg, ctx);
    checkCi(cfg.ci, ctx);
    checkBaseline(cfg, ctx);
  }, ONLY_WHEN_EVERY_FIELD_IS_VALID);

export type LandingZoneConfig = z.infer<typeof configSchema>;
export type LogArchiveConfig = LandingZoneConfig['logArchive'];
