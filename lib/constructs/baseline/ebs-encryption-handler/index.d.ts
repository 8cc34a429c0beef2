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

export function onEvent(event: EbsEncryptionEvent, ec2: Ec2Api): Promise<{ id?: string }>;
export function run(
  event: EbsEncryptionEvent,
  context: { readonly logStreamName: string },
  connect: () => Ec2Api,
): Promise<void>;
export function handler(event: EbsEncryptionEvent, context: { readonly logStreamName: string }): Promise<void>;
