import type { OrganizationsClient } from '@aws-sdk/client-organizations';
import { parseConfig } from '../config/loader';
import type { AwsCaller } from './call';
import { describeFsError, EXIT, readConfigFile, UsageError, type CommandIo } from './command-io';
import { diffConfig } from './config-diff';
import { checkStarterFlags } from './discover-flags';
import { discoverOrganization, listAccountTags } from './discovery';
import type { AccountRole } from './expectations';
import { identifyAccount, type AccountTags, type Identification } from './identify';
import { renderOrganizationSummary } from './render/organization-summary';
import { renderTable } from './render/table';
import type { OrganizationSnapshot } from './snapshot';
import { renderStarterConfig } from './starter-config';

export interface DiscoverOptions {
  /** Compare with this config instead of writing a starter. */
  readonly configPath?: string;
  /** Where to write the starter config. @default - standard output */
  readonly outPath?: string;
  readonly logArchiveAccount?: string;
  readonly auditAccount?: string;
  readonly homeRegion?: string;
  readonly governedRegions?: readonly string[];
}

export interface DiscoverDeps {
  readonly organizations: OrganizationsClient;
  readonly aws: AwsCaller;
  /** The region of the SDK's chain, the starter's home region when no flag gives one. */
  readonly defaultRegion: () => Promise<string | undefined>;
  readonly io: CommandIo;
}

const FLAG: Record<AccountRole, string> = { logArchive: '--log-archive-account', audit: '--audit-account' };
const ROLE_NAME: Record<AccountRole, string> = { logArchive: 'log-archive', audit: 'audit' };

export async function runDiscover(options: DiscoverOptions, deps: DiscoverDeps): Promise<number> {
  const { io } = deps;
  // Everything that can be judged without AWS is judged first: a typo must not cost a walk of the organization.
  if (options.configPath && options.outPath) {
    throw new UsageError('pass --out to write a starter config or --config to compare one, not both');
  }
  const existing = options.configPath
    ? parseConfig(readConfigFile(options.configPath, io), options.configPath)
    : undefined;
  const defaultHome = options.homeRegion ? undefined : await deps.defaultRegion();
  const home = options.homeRegion ?? defaultHome;
  if (!existing && !home) throw new UsageError('no home region: pass --home-region REGION (or set AWS_REGION)');
  if (home) {
    checkStarterFlags({
      ...options,
      home: { region: home, from: options.homeRegion ? '--home-region' : 'your AWS region' },
    });
  }
  if (options.outPath) {
    const why = io.cannotWrite(options.outPath);
    if (why) throw new UsageError(`cannot write --out ${options.outPath}: ${why}`);
  }

  const org = await discoverOrganization(deps.organizations, deps.aws, {
    onDescribed: ({ id, managementAccountId }) => {
      for (const role of ['logArchive', 'audit'] as const) {
        const flag = role === 'audit' ? options.auditAccount : options.logArchiveAccount;
        if (flag === managementAccountId) {
          throw new UsageError(
            `${FLAG[role]} ${flag} is the management account of ${id}; ${ROLE_NAME[role]} must be a member account`,
          );
        }
      }
    },
  });
  io.err(renderOrganizationSummary(org, { width: io.width }));
  const tags = memoTags(org, deps, io);
  const logArchive = await identify('logArchive', options.logArchiveAccount, org, tags, io);
  const audit = await identify('audit', options.auditAccount, org, tags, io);
  io.err(`log-archive: ${describe(logArchive)}\naudit:       ${describe(audit)}\n`);

  if (existing && options.configPath) {
    const regions = { home: options.homeRegion, governed: options.governedRegions };
    const rows = diffConfig(existing, { organization: org, logArchive, audit, regions });
    io.out(`${options.configPath} against organization ${org.id}:\n`);
    io.out(
      renderTable(
        ['KEY', 'CONFIG', 'STATUS', 'ORGANIZATION'],
        rows.map((r) => [r.key, r.config, r.status, r.organization]),
        { width: io.width },
      ),
    );
    const differing = rows.filter((r) => r.status !== 'same').length;
    io.out(
      differing === 0
        ? '\nThe config matches the organization.'
        : `\n${differing} ${differing === 1 ? 'key needs' : 'keys need'} a look. Then run \`npm run preflight -- --config ${options.configPath}\`.`,
    );
    return EXIT.ok;
  }

  const [logArchiveAccount, auditAccount] = chosen({ logArchive, audit });
  const text = renderStarterConfig({
    organization: org,
    logArchive: logArchiveAccount,
    audit: auditAccount,
    regions: {
      home: home!,
      governed: options.governedRegions ?? [home!],
      how: options.homeRegion ? 'from --home-region' : 'the region of your AWS profile or environment',
    },
  });
  if (options.outPath) {
    try {
      io.writeFile(options.outPath, text);
    } catch (error) {
      throw new UsageError(`cannot write --out ${options.outPath}: ${describeFsError(error, options.outPath)}`);
    }
    io.err(`Wrote ${options.outPath}. Review it, then run \`npm run preflight -- --config ${options.outPath}\`.`);
  } else {
    io.out(text.trimEnd());
  }
  return EXIT.ok;
}

/** Tags cost one request per account, so they are read at most once, and only if a name did not decide. */
function memoTags(org: OrganizationSnapshot, deps: DiscoverDeps, io: CommandIo): () => Promise<AccountTags> {
  let tags: Promise<AccountTags> | undefined;
  return () => {
    if (!tags) {
      const ids = org.accounts.filter((a) => a.state === 'ACTIVE' && a.id !== org.managementAccountId).map((a) => a.id);
      io.err(`Reading the tags of ${ids.length} accounts to recognise log-archive and audit...`);
      tags = listAccountTags(deps.organizations, deps.aws, ids);
    }
    return tags;
  };
}

async function identify(
  role: AccountRole,
  flag: string | undefined,
  org: OrganizationSnapshot,
  tags: () => Promise<AccountTags>,
  io: CommandIo,
): Promise<Identification> {
  if (!flag) return identifyAccount(role, org, tags);
  const account = org.accounts.find((a) => a.id === flag);
  if (!account) io.err(`note: ${FLAG[role]} ${flag} is not a member of ${org.id}; preflight will fail until it is`);
  return {
    kind: 'found',
    account: account ?? { id: flag, name: '', email: '', state: 'UNKNOWN', parentId: '' },
    how: `from ${FLAG[role]}`,
  };
}

/** Both roles decided, or one error that names every role discover could not decide, with the flag for each. */
function chosen(found: Record<AccountRole, Identification>) {
  const undecided = (['logArchive', 'audit'] as const).flatMap((role) => {
    const identified = found[role];
    if (identified.kind === 'found') return [];
    const why =
      identified.kind === 'ambiguous'
        ? `several accounts match ${identified.how}: ${identified.candidates.map((a) => `${a.id} (${a.name})`).join(', ')}`
        : 'no account is named or tagged like it';
    return [{ role: ROLE_NAME[role], advice: `${why}; pass ${FLAG[role]} ID` }];
  });
  if (undecided.length === 1) {
    throw new UsageError(`cannot tell which account is ${undecided[0].role}: ${undecided[0].advice}`);
  }
  if (undecided.length === 2) {
    throw new UsageError(
      `cannot tell which accounts are log-archive and audit: ${undecided.map((u) => `${u.role}: ${u.advice}`).join('. ')}`,
    );
  }
  return (['logArchive', 'audit'] as const).map((role) => {
    const identified = found[role] as Extract<Identification, { kind: 'found' }>;
    return { account: identified.account, how: identified.how };
  });
}

function describe(identified: Identification): string {
  switch (identified.kind) {
    case 'found':
      return `${identified.account.id} (${identified.account.name || 'not in the organization'}), ${identified.how}`;
    case 'ambiguous':
      return `ambiguous ${identified.how}: ${identified.candidates.map((a) => `${a.id} (${a.name})`).join(', ')}`;
    case 'unknown':
      return 'not recognised by name or tag';
  }
}
