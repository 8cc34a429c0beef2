import { configSchema } from '../config/schema';
import { UsageError } from './command-io';

export interface StarterFlags {
  readonly logArchiveAccount?: string;
  readonly auditAccount?: string;
  /** The home region, and the flag (or setting) it came from. */
  readonly home: { readonly region: string; readonly from: string };
  readonly governedRegions?: readonly string[];
}

/** The config keys discover fills from flags, and the flag to name instead. */
const FLAGS: readonly [key: string, flag: string][] = [
  ['regions.governed', '--governed-regions'],
  ['regions.home', '--home-region'],
  ['accounts.logArchive', '--log-archive-account'],
  ['accounts.audit', '--audit-account'],
];

/**
 * Runs the flags through the app's own schema before any AWS call, so every
 * rule the starter config would break (a misspelled region, a home region
 * outside the governed ones, an opt-in home region, log-archive equal to
 * audit) fails at once, in the words of the flags the user typed rather than
 * of config keys (`regions.governed.1`). The organization IDs are placeholders:
 * only the flags are judged here.
 */
export function checkStarterFlags(flags: StarterFlags): void {
  const governed = flags.governedRegions ?? [flags.home.region];
  const placeholder = (n: number) => String(n).padStart(12, '0');
  const result = configSchema.safeParse(
    {
      organization: { id: 'o-placeholder', rootId: 'r-0000' },
      accounts: {
        management: placeholder(1),
        logArchive: flags.logArchiveAccount ?? placeholder(2),
        audit: flags.auditAccount ?? placeholder(3),
      },
      regions: { home: flags.home.region, governed: [...governed] },
    },
    { reportInput: true },
  );
  if (result.success) return;
  const problems = result.error.issues.map((issue) => {
    const key = issue.path.join('.');
    const [, flag] = FLAGS.find(([k]) => key === k || key.startsWith(`${k}.`)) ?? [key, key];
    const input = (issue as { input?: unknown }).input;
    const what =
      flag === '--home-region' && flags.home.from !== '--home-region'
        ? `the home region ${flags.home.region} (${flags.home.from}; pass --home-region to choose another)`
        : `${flag} ${String(input)}`;
    return `${what}: ${inFlagWords(issue.message)}`;
  });
  throw new UsageError([...new Set(problems)].join('; '));
}

function inFlagWords(message: string): string {
  return FLAGS.reduce((text, [key, flag]) => text.split(key).join(flag), message).replace(
    /management, logArchive and audit must be three distinct accounts/,
    'log-archive and audit must be different accounts',
  );
}
