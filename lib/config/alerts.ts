import { z } from 'zod';
import type { AlertRoute } from '../alerts/routing';
import {
  ALERT_KINDS,
  GUARDDUTY_SEVERITY,
  INSPECTOR_SEVERITIES,
  SECURITY_HUB_SEVERITIES,
} from '../alerts/event-patterns';
import { checkOuNames, type OrganizationConfig } from './organization';
import { COMMERCIAL_REGIONS } from './regions';

/**
 * Slack alerting through Amazon Q Developer in chat applications (AWS Chatbot).
 * The section is optional: without a Slack workspace there is nothing to send to.
 */

/** Slack shows workspace (team) IDs as T + uppercase letters and digits; Chatbot's TeamId is that ID. */
const slackWorkspaceId = z
  .string()
  .regex(/^T[0-9A-Z]{8,}$/, 'must be a Slack workspace ID such as T0123ABCD, as the Chatbot console shows it');

/** Public channels start with C, older private ones with G; Chatbot cannot post to direct messages (D). */
const slackChannelId = z
  .string()
  .regex(/^[CG][0-9A-Z]{8,}$/, 'must be a Slack channel ID such as C0123ABCD (channel details, bottom of About)');

const guardDutySeverity = z
  .number({ error: 'must be a GuardDuty severity from 1.0 to 10.0' })
  .min(GUARDDUTY_SEVERITY.min, 'must be a GuardDuty severity from 1.0 to 10.0')
  .max(GUARDDUTY_SEVERITY.max, 'must be a GuardDuty severity from 1.0 to 10.0');

const threshold = z
  .strictObject({
    /** GuardDuty findings at or above this severity: 1.0-3.9 low, 4.0-6.9 medium, 7.0-8.9 high, 9.0+ critical. */
    guardDuty: guardDutySeverity.default(7),
    /** New Security Hub findings at or above this label. */
    securityHub: z
      .enum(SECURITY_HUB_SEVERITIES, { error: `must be one of ${SECURITY_HUB_SEVERITIES.join(', ')}` })
      .default('HIGH'),
    /** Active Amazon Inspector findings at or above this label. */
    inspector: z
      .enum(INSPECTOR_SEVERITIES, { error: `must be one of ${INSPECTOR_SEVERITIES.join(', ')}` })
      .default('HIGH'),
  })
  .prefault({});

const kinds = z
  .array(z.enum(ALERT_KINDS, { error: `must be one of ${ALERT_KINDS.join(', ')}` }))
  .min(1, 'must list at least one kind of alert')
  .default([...ALERT_KINDS]);

/** An account as routes name it: a name from organization.memberAccounts, or a 12-digit ID. */
const accountRef = z.string().min(1);

const teamRoute = z.strictObject({
  /** Names the route's topic and Chatbot configuration. */
  name: z
    .string()
    .regex(/^[a-z][a-z0-9-]{0,30}$/, 'must be 1-31 lowercase letters, digits or hyphens, starting with a letter'),
  slackChannelId,
  threshold,
  kinds,
  accounts: z.array(accountRef).default([]),
  ous: z.array(z.string()).default([]),
});

/**
 * AWS Health events reach EventBridge in the region they concern, and events not
 * tied to a region (eventRegion `global`) in us-east-1; they are always alerted on.
 */
const healthSchema = z.strictObject({
  /** Regions whose Health events are alerted on. @default - regions.governed */
  regions: z
    .array(
      z.enum(COMMERCIAL_REGIONS, {
        error: 'must be an AWS commercial region such as ap-northeast-1 (global events are always included)',
      }),
    )
    .min(1, 'must list at least one region (omit alerts.health for the governed regions)'),
});

export const alertsSchema = z.strictObject({
  slackWorkspaceId,
  /**
   * The guardrail caps what anyone in a channel can do through Chatbot:
   * `readOnly` (the AWS managed ReadOnlyAccess policy) or `denyAll`.
   */
  guardrail: z.enum(['readOnly', 'denyAll']).default('readOnly'),
  /** Chatbot logs to CloudWatch Logs; NONE is not offered because the channels must leave a trail. */
  loggingLevel: z.enum(['ERROR', 'INFO']).default('INFO'),
  /** The security channel: every account, everything at or above its threshold. */
  security: z.strictObject({ slackChannelId, threshold, kinds }),
  /** Team channels: only their accounts and OUs. */
  teams: z.array(teamRoute).default([]),
  /**
   * OU name -> the accounts in it. Events name an account, never an OU, so a
   * route by OU is resolved through this list (`npm run discover` prints it).
   */
  ouAccounts: z.record(z.string(), z.array(accountRef)).default({}),
  /** Which regions' AWS Health events are alerted on. @default - the governed regions */
  health: healthSchema.optional(),
});

export type AlertsConfig = z.infer<typeof alertsSchema>;

/** The parts of the config the alert checks read. */
export interface AlertsCheckInput {
  readonly alerts?: AlertsConfig;
  readonly organization: OrganizationConfig;
  readonly accounts: Readonly<Record<string, string>>;
}

/** The route of the security channel; team routes may not take this name. */
export const SECURITY_ROUTE = 'security';

/** Cross-field rules of the alerts section; paths are relative to the config root. */
export function checkAlerts(cfg: AlertsCheckInput, ctx: z.RefinementCtx) {
  const alerts = cfg.alerts;
  if (!alerts) return;
  const known = knownAccounts(cfg);
  const ous = cfg.organization.organizationalUnits;
  for (const [ou, accounts] of Object.entries(alerts.ouAccounts)) {
    if (!(ou in ous)) {
      ctx.addIssue({
        code: 'custom',
        path: ['alerts', 'ouAccounts', ou],
        input: ou,
        message: `must be an OU named in organization.organizationalUnits (${Object.keys(ous).join(', ') || 'none configured'})`,
      });
    }
    accounts.forEach((ref, i) => checkAccountRef(ref, known, cfg, ['alerts', 'ouAccounts', ou, i], ctx));
  }

  alerts.health?.regions.forEach((region, i) => {
    if (alerts.health!.regions.indexOf(region) !== i) {
      ctx.addIssue({
        code: 'custom',
        path: ['alerts', 'health', 'regions', i],
        input: region,
        message: 'lists a region twice',
      });
    }
  });

  const channels = new Map<string, string>([[alerts.security.slackChannelId, 'alerts.security']]);
  const names = new Set<string>([SECURITY_ROUTE]);
  alerts.teams.forEach((team, t) => {
    const at = (...rest: (string | number)[]) => ['alerts', 'teams', t, ...rest];
    if (names.has(team.name)) {
      ctx.addIssue({ code: 'custom', path: at('name'), input: team.name, message: 'is already the name of a route' });
    }
    names.add(team.name);
    const owner = channels.get(team.slackChannelId);
    if (owner) {
      ctx.addIssue({
        code: 'custom',
        path: at('slackChannelId'),
        input: team.slackChannelId,
        message: `is already the channel of ${owner}; Chatbot allows one configuration per Slack channel in an account`,
      });
    }
    channels.set(team.slackChannelId, `alerts.teams.${t}`);
    if (team.accounts.length === 0 && team.ous.length === 0) {
      ctx.addIssue({
        code: 'custom',
        path: at('accounts'),
        input: '[]',
        message: 'must name at least one account, or the route must name an OU in ous',
      });
    }
    team.accounts.forEach((ref, i) => checkAccountRef(ref, known, cfg, at('accounts', i), ctx));
    checkOuNames(cfg.organization, team.ous, at('ous'), ctx, false);
    team.ous.forEach((ou, i) => {
      if (ou in cfg.organization.organizationalUnits && !(ou in alerts.ouAccounts)) {
        ctx.addIssue({
          code: 'custom',
          path: at('ous', i),
          input: ou,
          message: `has no accounts listed in alerts.ouAccounts.${ou}; events carry an account, not an OU, so list the OU's accounts there`,
        });
      }
    });
  });
}

/**
 * The routes of the config with every account resolved to its 12-digit ID:
 * the security route first, then the team routes in config order.
 */
export function alertRoutes(alerts: AlertsConfig, organization: OrganizationConfig): AlertRoute[] {
  const resolve = (ref: string) => organization.memberAccounts[ref] ?? ref;
  const security: AlertRoute = {
    name: SECURITY_ROUTE,
    slackChannelId: alerts.security.slackChannelId,
    kinds: alerts.security.kinds,
    guardDutySeverity: alerts.security.threshold.guardDuty,
    securityHubSeverity: alerts.security.threshold.securityHub,
    inspectorSeverity: alerts.security.threshold.inspector,
  };
  const teams = alerts.teams.map((team): AlertRoute => {
    const refs = [...team.accounts, ...team.ous.flatMap((ou) => alerts.ouAccounts[ou] ?? [])];
    return {
      name: team.name,
      slackChannelId: team.slackChannelId,
      kinds: team.kinds,
      guardDutySeverity: team.threshold.guardDuty,
      securityHubSeverity: team.threshold.securityHub,
      inspectorSeverity: team.threshold.inspector,
      accounts: [...new Set(refs.map(resolve))].sort(),
    };
  });
  return [security, ...teams];
}

/** The regions whose Health events are alerted on: `alerts.health.regions`, else the governed regions. */
export function healthRegions(alerts: AlertsConfig, governed: readonly string[]): readonly string[] {
  return alerts.health?.regions ?? governed;
}

/** Every 12-digit account ID the config names. */
function knownAccounts(cfg: AlertsCheckInput): Set<string> {
  return new Set([...Object.values(cfg.accounts), ...Object.values(cfg.organization.memberAccounts)]);
}

function checkAccountRef(
  ref: string,
  known: Set<string>,
  cfg: AlertsCheckInput,
  path: (string | number)[],
  ctx: z.RefinementCtx,
) {
  if (ref in cfg.organization.memberAccounts || known.has(ref)) return;
  const names = Object.keys(cfg.organization.memberAccounts);
  ctx.addIssue({
    code: 'custom',
    path,
    input: ref,
    message: `must be an account named in organization.memberAccounts (${names.join(', ') || 'none configured'}) or the 12-digit ID of an account the config names`,
  });
}
