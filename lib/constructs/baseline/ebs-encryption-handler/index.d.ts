/** One EC2 call by operation name; the tests pass a fake. */
export type Ec2Api = (operation: string, input: Record<string, unknown>) => Promise<any>;

export interface EbsEncryptionEvent {
  readonly RequestType: 'Create' | 'Update' | 'Delete';
  readonly PhysicalResourceId?: string;
  readonly ResponseURL: string;
  readonly StackId: string;
  readonly RequestId: string;
  readonly LogicalResourceId: string;
}

/** `sleep` waits between retries of a call IAM denies while the role's policy propagates. @default a timer */
export function onEvent(
  event: EbsEncryptionEvent,
  ec2: Ec2Api,
  sleep?: (ms: number) => Promise<void>,
): Promise<{ id?: string }>;
export function run(
  event: EbsEncryptionEvent,
  context: { readonly logStreamName: string },
  connect: () => Ec2Api,
): Promise<void>;
export function handler(event: EbsEncryptionEvent, context: { readonly logStreamName: string }): Promise<void>;
