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
  const home = config.regions.home;
  const mfa = `arn:aws:iam::${account}:mfa/root-account-mfa-device`;
  return [
    'Trail bucket delete protection: vault (logArchive.trailBucket.mfaDelete: vault).',
    '',
    `Turn on true S3 MFA delete for ${bucket}, once, after deploying the LogArchive stack.`,
    `Only the ROOT user of the log-archive account ${account} can, with its MFA device, through the API.`,
    'The guardrail SCP lets that root user do exactly this: manage its own password, MFA device and access',
    'keys, get an MFA session, and read and change bucket versioning. The bucket policy asks for MFA in the',
    'request, which long-term access keys never carry: hence the session of step 3.',
    '',
    '  1. Root credentials. With centralized root access (root credentials deleted), from the management account:',
    `       aws sts assume-root --region ${home} --target-principal ${account} \\`,
    '         --task-policy-arn arn=arn:aws:iam::aws:policy/root-task/IAMCreateRootUserPassword',
    '     and, with the credentials it returns, `aws iam create-login-profile`; then set the root password with',
    '     "Forgot password?" on the root sign-in page. Otherwise sign in as root as usual.',
    '  2. Signed in as root: assign an MFA device (Security credentials) if it has none, and create an access key.',
    '  3. With that key in the environment, get an MFA session (six-digit code from the root MFA device):',
    '',
    `  aws sts get-session-token --serial-number ${mfa} --token-code 123456`,
    '',
    '  4. With the session credentials it returns, and a new code:',
    '',
    `  aws s3api put-bucket-versioning --bucket ${bucket} \\`,
    '    --versioning-configuration Status=Enabled,MFADelete=Enabled \\',
    `    --mfa "${mfa} 123456"`,
    '',
    '  (replace the ARN with the serial number of the root MFA device if it differs, and 123456 with its codes)',
    '  5. Delete the access key. With centralized root access, remove the root credentials again',
    '     (task policy arn:aws:iam::aws:policy/root-task/IAMDeleteRootUserCredentials).',
    '',
    'Check that it is on (expects "MFADelete": "Enabled"):',
    `  ${check}`,
  ].join('\n');
}
