/**
 * The DECLARATIVE_POLICY_EC2 the landing zone attaches: EC2 account settings
 * that every account under the targets has, and no account can change.
 *
 * Syntax ("Declarative policy syntax and examples",
 * orgs_manage_policies_declarative_syntax.html), all under `ec2_attributes`,
 * every value an `@@assign` string:
 * - `instance_metadata_defaults`: `http_tokens` (no_preference | required |
 *   optional), `http_put_response_hop_limit` (-1 to 64, as a string),
 *   `http_endpoint` and `instance_metadata_tags` (no_preference | enabled |
 *   disabled). These are DEFAULTS for new launches: the documentation says
 *   they "do not enforce IMDS version settings", so a launch that asks for
 *   IMDSv1 explicitly still gets it.
 * - `serial_console_access.status`: enabled | disabled.
 * - `image_block_public_access.state`: unblocked | block_new_sharing.
 * - `snapshot_block_public_access.state`: unblocked | block_new_sharing |
 *   block_all_sharing (which also makes already public snapshots private).
 * - `vpc_block_public_access.internet_gateway_block`: `mode` (off |
 *   block_ingress | block_bidirectional) and `exclusions_allowed` (enabled |
 *   disabled).
 * - `exception_message`: the text a refused call returns.
 * EBS encryption by default has no attribute: EbsEncryptionStackSet covers it.
 */

export const IMDS_HTTP_TOKENS = ['required', 'optional', 'no_preference'] as const;
export const IMAGE_BLOCK_PUBLIC_ACCESS = ['block_new_sharing', 'unblocked'] as const;
export const SNAPSHOT_BLOCK_PUBLIC_ACCESS = ['block_all_sharing', 'block_new_sharing', 'unblocked'] as const;
export const VPC_BLOCK_PUBLIC_ACCESS_MODES = ['block_ingress', 'block_bidirectional', 'off'] as const;

/** The documented range of `http_put_response_hop_limit`; -1 means no preference. */
export const IMDS_HOP_LIMIT = { min: -1, max: 64 } as const;

export interface Ec2BaselineProps {
  readonly instanceMetadata: {
    readonly httpTokens: (typeof IMDS_HTTP_TOKENS)[number];
    /** Containers on an instance need 2 to reach IMDSv2 through their own network hop. */
    readonly hopLimit: number;
  };
  /** Whether the EC2 serial console may be used. */
  readonly serialConsole: boolean;
  readonly imageBlockPublicAccess: (typeof IMAGE_BLOCK_PUBLIC_ACCESS)[number];
  readonly snapshotBlockPublicAccess: (typeof SNAPSHOT_BLOCK_PUBLIC_ACCESS)[number];
  /** @default - VPC Block Public Access is left to each account */
  readonly vpcBlockPublicAccess?: {
    readonly mode: (typeof VPC_BLOCK_PUBLIC_ACCESS_MODES)[number];
    /** Whether an account may exclude one of its VPCs or subnets. */
    readonly exclusionsAllowed: boolean;
  };
  /** @default - EC2's own message */
  readonly exceptionMessage?: string;
}

const assign = <T>(value: T) => ({ '@@assign': value });

export function ec2DeclarativePolicy(props: Ec2BaselineProps): object {
  const { httpTokens, hopLimit } = props.instanceMetadata;
  if (!Number.isInteger(hopLimit) || hopLimit < IMDS_HOP_LIMIT.min || hopLimit > IMDS_HOP_LIMIT.max) {
    throw new Error(`instanceMetadata.hopLimit must be a whole number from -1 to 64, got ${hopLimit}`);
  }
  const vpc = props.vpcBlockPublicAccess;
  return {
    ec2_attributes: {
      ...(props.exceptionMessage !== undefined && { exception_message: assign(props.exceptionMessage) }),
      instance_metadata_defaults: {
        http_tokens: assign(httpTokens),
        http_put_response_hop_limit: assign(String(hopLimit)),
        http_endpoint: assign('enabled'),
        instance_metadata_tags: assign('no_preference'),
      },
      serial_console_access: { status: assign(props.serialConsole ? 'enabled' : 'disabled') },
      image_block_public_access: { state: assign(props.imageBlockPublicAccess) },
      snapshot_block_public_access: { state: assign(props.snapshotBlockPublicAccess) },
      ...(vpc && {
        vpc_block_public_access: {
          internet_gateway_block: {
            mode: assign(vpc.mode),
            exclusions_allowed: assign(vpc.exclusionsAllowed ? 'enabled' : 'disabled'),
          },
        },
      }),
    },
  };
}
