/**
 * The pull request comment (and job summary) of the PR workflow's `cdk diff`.
 * One comment per pull request, found again by its first line and updated on
 * every push. GitHub refuses comment bodies over 65,536 characters, so a long
 * diff is cut, and the comment says so and where the whole diff is.
 */

/** The first line of the comment: the workflow finds and updates the comment that starts with it. */
export const DIFF_COMMENT_MARKER = '<!-- landing-zone-diff -->';

/** GitHub's limit on a comment body is 65,536 characters; this leaves room for the rest of the comment. */
export const MAX_DIFF_CHARS = 60_000;

/** What the diff job could do for this pull request. */
export type DiffMode =
  /** An OIDC token and the repository variables: the real config was diffed through the diff role. */
  | 'aws'
  /** No OIDC token (a fork's or Dependabot's pull request): no AWS access, and no repository variables. */
  | 'no-token'
  /** A token, but LANDING_ZONE_CONFIG, AWS_DIFF_ROLE_ARN or AWS_HOME_REGION is empty. */
  | 'unconfigured';

export interface DiffCommentInput {
  readonly mode: DiffMode;
  /** The config file that was synthesized. */
  readonly config: string;
  /** Whether `cdk synth` (cdk-nag and the template validator included) passed. @default true */
  readonly synthesized?: boolean;
  /** What `cdk diff` printed (mode `aws`); undefined when it did not run. */
  readonly diff?: string;
  /** The exit code of `cdk diff` (mode `aws`). @default 0 */
  readonly exitCode?: number;
  /** Where the whole output is, for a cut diff: the run's URL. */
  readonly runUrl: string;
  /** The commit the comment describes. */
  readonly sha: string;
}

export function diffComment(input: DiffCommentInput): string {
  const head = [
    DIFF_COMMENT_MARKER,
    '### Landing zone: what this pull request changes in the organization',
    '',
    `Commit \`${input.sha.slice(0, 12)}\`, config \`${input.config}\`.`,
    '',
  ];
  return [...head, ...body(input)].join('\n');
}

function body(input: DiffCommentInput): string[] {
  if (input.synthesized === false) {
    return [
      `**Synthesis failed**: the config or the code was refused, so nothing was compared. The reason: [the run's log](${input.runUrl}).`,
    ];
  }
  switch (input.mode) {
    case 'no-token':
      return [
        'Synthesized only (cdk-nag and the template validator passed): GitHub gives a pull request from a fork,',
        "or Dependabot's, no OIDC token and no repository variables, so nothing was compared with the",
        'organization. A maintainer sees the real diff by pushing the branch to this repository.',
      ];
    case 'unconfigured':
      return [
        'Synthesized only: set the repository variables `LANDING_ZONE_CONFIG`, `AWS_DIFF_ROLE_ARN` and',
        '`AWS_HOME_REGION` (README, "CI setup") for a diff against the organization.',
      ];
    case 'aws':
      if (input.diff === undefined) {
        return [
          `**\`cdk diff\` did not run**: assuming the diff role failed. The reason: [the run's log](${input.runUrl}).`,
        ];
      }
      return awsBody(input.diff, input.exitCode ?? 0, input.runUrl);
  }
}

function awsBody(diff: string, exitCode: number, runUrl: string): string[] {
  const failed = exitCode !== 0;
  // A diff lists its changes stack by stack from the top; a failure explains itself at the end.
  const { text, cut } = fit(stripColors(diff).trimEnd(), failed ? 'end' : 'start');
  const fence = '`'.repeat(Math.max(3, ...[...text.matchAll(/`+/g)].map((m) => m[0].length + 1)));
  return [
    failed
      ? `**\`cdk diff\` failed (exit ${exitCode}).** Its output:`
      : "`cdk diff --method template` through the read-only diff role (each account's CDK lookup role):",
    '',
    `${fence}diff`,
    text,
    fence,
    ...(cut
      ? [
          '',
          `**Cut:** ${failed ? 'the last' : 'the first'} ${cut.shown.toLocaleString('en')} of ${cut.total.toLocaleString('en')} characters are shown. The whole output: [the run's log and its \`cdk-diff\` artifact](${runUrl}).`,
        ]
      : []),
  ];
}

/** The text if it fits, else as many whole lines as fit, from its start or its end. */
function fit(text: string, keep: 'start' | 'end'): { text: string; cut?: { shown: number; total: number } } {
  if (text.length <= MAX_DIFF_CHARS) return { text };
  let shown: string;
  if (keep === 'start') {
    const lineEnd = text.lastIndexOf('\n', MAX_DIFF_CHARS);
    shown = text.slice(0, lineEnd > 0 ? lineEnd : MAX_DIFF_CHARS);
  } else {
    const lineStart = text.indexOf('\n', text.length - MAX_DIFF_CHARS);
    shown = text.slice(lineStart >= 0 ? lineStart + 1 : text.length - MAX_DIFF_CHARS);
  }
  return { text: shown, cut: { shown: shown.length, total: text.length } };
}

// The CLI colors its output unless told otherwise; a comment shows escape codes as text.
// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*m/g;

function stripColors(text: string): string {
  return text.replace(ANSI, '');
}
