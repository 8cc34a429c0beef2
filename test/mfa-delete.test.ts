import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { mfaDeleteInstructions } from '../lib/mfa-delete';
import { EXAMPLE } from './support/config-text';
import { configWith, exampleConfig, ROOT } from './support/app';
import { tsScript } from './support/ts-script';

describe('mfa-delete instructions', () => {
  test('in vault mode, print the root-user command that enables MFA delete and the check', () => {
    const text = mfaDeleteInstructions(
      configWith((raw) => {
        raw.logArchive.trailBucket = { mfaDelete: 'vault' };
      }),
    );
    expect(text).toContain('vault (logArchive.trailBucket.mfaDelete: vault)');
    expect(text).toContain('aws s3api put-bucket-versioning --bucket lz-cloudtrail-222222222222-eu-west-1 \\');
    expect(text).toContain('--versioning-configuration Status=Enabled,MFADelete=Enabled');
    expect(text).toContain('--mfa "arn:aws:iam::222222222222:mfa/root-account-mfa-device 123456"');
    // The bucket policy needs MFA in the request context, which only a session from GetSessionToken gives root's keys.
    expect(text).toContain(
      'aws sts get-session-token --serial-number arn:aws:iam::222222222222:mfa/root-account-mfa-device --token-code 123456',
    );
    // With centralized root access the root password comes back through a privileged root session.
    expect(text).toContain('--task-policy-arn arn=arn:aws:iam::aws:policy/root-task/IAMCreateRootUserPassword');
    expect(text).toContain('aws s3api get-bucket-versioning --bucket lz-cloudtrail-222222222222-eu-west-1');
  });

  test('in policy mode, say that true MFA delete is off and why, and never print the enable command', () => {
    const text = mfaDeleteInstructions(exampleConfig());
    expect(text).toContain('Trail bucket delete protection: policy');
    expect(text).toContain('True S3 MFA delete is OFF');
    expect(text).not.toContain('MFADelete=Enabled');
    expect(text).toContain('aws s3api get-bucket-versioning --bucket lz-cloudtrail-222222222222-eu-west-1');
  });
});

describe('npm run mfa-delete', () => {
  function mfaDelete(args: string[], env: Record<string, string>) {
    return spawnSync(process.execPath, tsScript('scripts/mfa-delete.ts', ...args), {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, ...env },
    });
  }
  // GIVEN a vault-mode config in a file of its own
  const vault = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'lz-mfa-')), 'vault.yaml');
  fs.writeFileSync(vault, `${EXAMPLE.split('\nlogArchive:\n')[0]}\nlogArchive:\n  trailBucket: { mfaDelete: vault }\n`);

  test('reads the config LANDING_ZONE_CONFIG names, and says which on stderr', () => {
    const { status, stdout, stderr } = mfaDelete([], { LANDING_ZONE_CONFIG: vault });
    expect(status).toBe(0);
    expect(stderr.trim()).toBe(`Landing zone config: ${vault} (LANDING_ZONE_CONFIG)`);
    expect(stdout).toContain('Trail bucket delete protection: vault');
  });
});
