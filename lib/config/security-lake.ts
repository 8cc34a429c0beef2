import { z } from 'zod';
import { accountId, days, region } from './primitives';

/**
 * The AWS log sources Security Lake collects natively, and the source versions
 * it accepts for each (`sourceName` and `sourceVersion` of CreateAwsLogSource).
 * Version 1.0 normalizes to OCSF 1.0.0-rc.2 and exists only for the original
 * six sources; version 2.0 (OCSF 1.1.0) added EKS audit and WAF logs.
 */
export const SECURITY_LAKE_SOURCE_VERSIONS = {
  CLOUD_TRAIL_MGMT: ['1.0', '2.0'],
  LAMBDA_EXECUTION: ['1.0', '2.0'],
  S3_DATA: ['1.0', '2.0'],
  ROUTE53: ['1.0', '2.0'],
  SH_FINDINGS: ['1.0', '2.0'],
  VPC_FLOW: ['1.0', '2.0'],
  EKS_AUDIT: ['2.0'],
  WAF: ['2.0'],
} as const satisfies Record<string, readonly string[]>;

export type SecurityLakeSourceName = keyof typeof SECURITY_LAKE_SOURCE_VERSIONS;

/** S3 storage classes a lifecycle transition may move Security Lake objects to. */
export const SECURITY_LAKE_STORAGE_CLASSES = [
  'STANDARD_IA',
  'ONEZONE_IA',
  'INTELLIGENT_TIERING',
  'GLACIER_IR',
  'GLACIER',
  'DEEP_ARCHIVE',
] as const;

/** S3 refuses transitions to the infrequent-access classes earlier than 30 days after creation. */
const INFREQUENT_ACCESS_MIN_DAYS = 30;

const version = z.string({ error: "must be a source version such as '2.0' (quote it in YAML)" });

const transitionSchema = z.strictObject({
  storageClass: z.enum(SECURITY_LAKE_STORAGE_CLASSES, {
    error: `must be one of ${SECURITY_LAKE_STORAGE_CLASSES.join(', ')}`,
  }),
  days: days('days', 1, 36500),
});

export const securityLakeSchema = z.strictObject({
  /** Off by default: Security Lake is billed per GB ingested, so it is an explicit choice. */
  enabled: z.boolean().default(false),
  /**
   * Source name -> pinned source version. Sources are created in this order.
   * S3 data events are left out of the default for cost; add `S3_DATA: '2.0'` to collect them.
   */
  sources: z.record(z.string(), version).default({
    CLOUD_TRAIL_MGMT: '2.0',
    SH_FINDINGS: '2.0',
    VPC_FLOW: '2.0',
    ROUTE53: '2.0',
    EKS_AUDIT: '2.0',
    LAMBDA_EXECUTION: '2.0',
  }),
  lifecycle: z
    .strictObject({
      /** Storage-class moves, in the order they happen. */
      transitions: z.array(transitionSchema).default([
        { storageClass: 'STANDARD_IA', days: 30 },
        { storageClass: 'GLACIER_IR', days: 90 },
      ]),
      expireAfterDays: days('expireAfterDays', 1, 36500).default(365),
    })
    .prefault({}),
  /** A governed region every other governed region replicates its lake into. @default - no replication */
  rollupRegion: region.optional(),
  /** An external SIEM reading the lake's objects from S3, notified of new objects over HTTPS. @default - none */
  siem: z
    .strictObject({
      accountId,
      /** The external ID the SIEM vendor gave you; its role must present it to assume the subscriber role. */
      externalId: z
        .string()
        .regex(/^[\w+=,.@:/-]{2,1224}$/, 'must be 2-1224 letters, digits or the characters +=,.@:/-_'),
      endpoint: z.url({ protocol: /^https$/, error: 'must be an https:// URL' }),
    })
    .optional(),
});

export type SecurityLakeConfig = z.infer<typeof securityLakeSchema>;

/**
 * Commercial regions where Security Lake is offered: those where the template
 * validator bundled with aws-cdk-lib 2.276 knows its resource types, less
 * me-south-1, which the validator accepts but where neither cfn-lint's region
 * schemas nor botocore's endpoints have Security Lake: resources there would
 * be "Unrecognized resource types". Governed regions outside it get no lake.
 */
export const SECURITY_LAKE_REGIONS: readonly string[] = [
  'ap-northeast-1',
  'ap-northeast-2',
  'ap-northeast-3',
  'ap-south-1',
  'ap-southeast-1',
  'ap-southeast-2',
  'ca-central-1',
  'eu-central-1',
  'eu-north-1',
  'eu-west-1',
  'eu-west-2',
  'eu-west-3',
  'sa-east-1',
  'us-east-1',
  'us-east-2',
  'us-west-1',
  'us-west-2',
];

/** The governed regions that get a Security Lake, in the order they are governed. */
export function securityLakeRegions(governedRegions: readonly string[]): string[] {
  return governedRegions.filter((r) => SECURITY_LAKE_REGIONS.includes(r));
}

/** Cross-field rules of the Security Lake section; paths are relative to the config root. */
export function checkSecurityLake(
  cfg: SecurityLakeConfig,
  governedRegions: readonly string[],
  ctx: z.RefinementCtx,
): void {
  checkSources(cfg.sources, ctx);
  checkLifecycle(cfg.lifecycle, ctx);
  if (cfg.rollupRegion !== undefined && !governedRegions.includes(cfg.rollupRegion)) {
    ctx.addIssue({
      code: 'custom',
      path: ['securityLake', 'rollupRegion'],
      input: cfg.rollupRegion,
      message: `must be one of regions.governed (${governedRegions.join(', ')})`,
    });
  } else if (cfg.rollupRegion !== undefined && !SECURITY_LAKE_REGIONS.includes(cfg.rollupRegion)) {
    ctx.addIssue({
      code: 'custom',
      path: ['securityLake', 'rollupRegion'],
      input: cfg.rollupRegion,
      message: `must be a region where Security Lake is available (${securityLakeRegions(governedRegions).join(', ') || 'none of regions.governed'})`,
    });
  }
}

function checkSources(sources: SecurityLakeConfig['sources'], ctx: z.RefinementCtx): void {
  const known = Object.keys(SECURITY_LAKE_SOURCE_VERSIONS);
  if (Object.keys(sources).length === 0) {
    ctx.addIssue({
      code: 'custom',
      path: ['securityLake', 'sources'],
      input: sources,
      message: `must name at least one source (${known.join(', ')})`,
    });
  }
  for (const [name, sourceVersion] of Object.entries(sources)) {
    if (!isSourceName(name)) {
      ctx.addIssue({
        code: 'custom',
        path: ['securityLake', 'sources', name],
        input: name,
        message: `must be a Security Lake source name (${known.join(', ')})`,
      });
      continue;
    }
    const versions: readonly string[] = SECURITY_LAKE_SOURCE_VERSIONS[name];
    if (!versions.includes(sourceVersion)) {
      ctx.addIssue({
        code: 'custom',
        path: ['securityLake', 'sources', name],
        input: sourceVersion,
        message: `must be a version Security Lake offers for ${name} (${versions.join(', ')})`,
      });
    }
  }
}

function checkLifecycle(lifecycle: SecurityLakeConfig['lifecycle'], ctx: z.RefinementCtx): void {
  const at = (...path: (string | number)[]) => ['securityLake', 'lifecycle', ...path];
  lifecycle.transitions.forEach((transition, i) => {
    const previous = lifecycle.transitions[i - 1];
    if (previous && transition.days <= previous.days) {
      ctx.addIssue({
        code: 'custom',
        path: at('transitions', i, 'days'),
        input: transition.days,
        message: `must be later than transitions.${i - 1}.days (${previous.days})`,
      });
    } else if (transition.storageClass.endsWith('_IA') && transition.days < INFREQUENT_ACCESS_MIN_DAYS) {
      ctx.addIssue({
        code: 'custom',
        path: at('transitions', i, 'days'),
        input: transition.days,
        message: `must be at least ${INFREQUENT_ACCESS_MIN_DAYS} for ${transition.storageClass}; S3 refuses earlier moves`,
      });
    }
  });
  const last = lifecycle.transitions.at(-1);
  if (last && lifecycle.expireAfterDays <= last.days) {
    ctx.addIssue({
      code: 'custom',
      path: at('expireAfterDays'),
      input: lifecycle.expireAfterDays,
      message: `must be later than the last transition (${last.storageClass} after ${last.days} days)`,
    });
  }
}

export function isSourceName(name: string): name is SecurityLakeSourceName {
  return Object.hasOwn(SECURITY_LAKE_SOURCE_VERSIONS, name);
}
