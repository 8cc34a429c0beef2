import { DIFF_COMMENT_MARKER, diffComment, MAX_DIFF_CHARS, type DiffCommentInput } from '../../lib/ci/diff-comment';

const RUN = 'https://github.com/example-org/landing-zone/actions/runs/42';
const base = { config: 'config/acme.yaml', runUrl: RUN, sha: '0123456789abcdef0123' };
const comment = (input: Partial<DiffCommentInput>) => diffComment({ ...base, mode: 'aws', ...input });

/** A diff of `lines` lines, each 100 characters, numbered so a test can tell which ones were kept. */
function longDiff(lines: number): string {
  return Array.from({ length: lines }, (_, i) => `[~] line ${String(i).padStart(6, '0')} `.padEnd(100, '=')).join('\n');
}

describe('the diff comment', () => {
  test('starts with the marker the workflow finds it by, and names the commit and config', () => {
    const text = comment({ diff: 'Stack Management\nThere were no differences', exitCode: 0 });
    expect(text.split('\n')[0]).toBe(DIFF_COMMENT_MARKER);
    expect(text).toContain('Commit `0123456789ab`, config `config/acme.yaml`.');
  });

  test('shows a diff that fits whole, in a diff block, without colors', () => {
    const text = comment({ diff: '\u001b[1mStack LogArchive\u001b[22m\n[+] AWS::S3::Bucket New\n', exitCode: 0 });
    expect(text).toContain('```diff\nStack LogArchive\n[+] AWS::S3::Bucket New\n```');
    expect(text).not.toContain('Cut');
  });

  test('a cut diff says so: what it shows of how much, and where the rest is', () => {
    const diff = longDiff(1000);
    const text = comment({ diff, exitCode: 0 });
    expect(text.length).toBeLessThan(65_536);
    expect(text).toContain('[~] line 000000');
    expect(text).not.toContain('[~] line 000999');
    const shown = Math.floor(MAX_DIFF_CHARS / 101) * 101 - 1;
    expect(text).toContain(
      `**Cut:** the first ${shown.toLocaleString('en')} of ${diff.length.toLocaleString('en')} characters are shown. The whole output: [the run's log and its \`cdk-diff\` artifact](${RUN}).`,
    );
  });

  test('a failed diff shows its end, where the error is', () => {
    const text = comment({
      diff: `${longDiff(1000)}\nNeed to perform AWS calls for account 222222222222`,
      exitCode: 1,
    });
    expect(text).toContain('**`cdk diff` failed (exit 1).**');
    expect(text).toContain('Need to perform AWS calls for account 222222222222');
    expect(text).not.toContain('[~] line 000000');
    expect(text).toContain('**Cut:** the last');
  });

  test('keeps the code block closed around a diff that contains backticks', () => {
    const text = comment({ diff: 'Description: "use ```code``` here"', exitCode: 0 });
    expect(text).toContain('````diff\nDescription: "use ```code``` here"\n````');
  });

  test("a fork's pull request is synthesized only, and the comment says why", () => {
    const text = comment({ mode: 'no-token' });
    expect(text).toContain('Synthesized only (cdk-nag and the template validator passed)');
    expect(text).toContain('no OIDC token and no repository variables');
    expect(text).not.toContain('```');
  });

  test('without the repository variables, names the ones to set', () => {
    expect(comment({ mode: 'unconfigured' })).toContain(
      '`LANDING_ZONE_CONFIG`, `AWS_DIFF_ROLE_ARN` and\n`AWS_HOME_REGION`',
    );
  });

  test('says so when synthesis failed or the diff never ran, pointing at the log', () => {
    expect(comment({ synthesized: false })).toContain(`**Synthesis failed**`);
    expect(comment({ diff: undefined })).toContain('**`cdk diff` did not run**: assuming the diff role failed.');
  });
});
