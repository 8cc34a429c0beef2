import { mfaDeleteInstructions } from '../lib/mfa-delete';
import { configWith, exampleConfig } from './support/app';

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
