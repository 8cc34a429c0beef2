import type { LandingZoneConfig } from './config/schema';
import { Naming } from './naming';

/**
 * What `npm run mfa-delete` prints: the root-user steps that turn on true S3
 * MFA delete for the trail bucket in vault mode, and how to check it. Only the
 * root user with its MFA device can do this, and CloudFormation cannot, so the
 * app prints the commands rather than pretending to have done it.
 */
export function mfaDeleteInstructions(config: LandingZoneConfig): string {
  const naming = new Naming(config);
  const bucket = naming.trailBucketName;
  const account = config.accounts.logArchive;
  const check = `aws s3api get-bucket-versioning --bucket ${bucket}`;
  if (config.logArchive.trailBucket.mfaDelete !== 'vault') {
    return [
      'Trail bucket delete protection: policy (logArchive.trailBucket.mfaDelete: policy).',
      '',
      `The bucket policy of ${bucket} denies deleting object versions and changing versioning,`,
      'lifecycle, Object Lock or the policy itself unless the caller signed in with MFA; Object Lock',
      'retention protects every version besides. True S3 MFA delete is OFF, and must stay off: S3',
      'does not accept lifecycle rules on a bucket with MFA delete enabled, and this mode uses them.',
      '',
      'For true MFA delete, set logArchive.trailBucket.mfaDelete: vault, remove logArchive.trailBucket.lifecycle,',
      'deploy, and run this command again.',
      '',
      'Check the current state (expects "Status": "Enabled" and no "MFADelete": "Enabled"):',
      `  ${check}`,
    ].join('\n');
  }
  return [
    'Trail bucket delete protection: vault (logArchive.trailBucket.mfaDelete: vault).',
    '',
    `Turn on true S3 MFA delete for ${bucket}, once, after deploying the LogArchive stack:`,
    `  1. Sign in as the ROOT user of the log-archive account ${account}; no IAM user or role can do this.`,
    '  2. Create a short-lived access key for root (IAM > Security credentials), and delete it afterwards.',
    '  3. With that key in the environment, and the six-digit code from the root MFA device:',
    '',
    `  aws s3api put-bucket-versioning --bucket ${bucket} \\`,
    '    --versioning-configuration Status=Enabled,MFADelete=Enabled \\',
    `    --mfa "arn:aws:iam::${account}:mfa/root-account-mfa-device 123456"`,
    '',
    '  (replace the ARN with the serial number of the root MFA device if it differs, and 123456 with its code)',
    '',
    'Check that it is on (expects "MFADelete": "Enabled"):',
    `  ${check}`,
  ].join('\n');
}
