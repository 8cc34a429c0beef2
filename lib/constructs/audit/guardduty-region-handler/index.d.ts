/** The AWS calls the handler makes, by operation name; the tests pass a fake. */
export interface GuardDutyRegionApi {
  guardDuty(operation: string, input: Record<string, unknown>): Promise<any>;
  kms(region: string, operation: string, input: Record<string, unknown>): Promise<any>;
  /** Waits between retries of a denied call. @default - a timer */
  sleep?(ms: number): Promise<void>;
}

export interface GuardDutyRegionEvent {
  readonly RequestType: 'Create' | 'Update' | 'Delete';
  readonly ResourceType: string;
  readonly ResourceProperties: Record<string, any>;
  readonly PhysicalResourceId?: string;
  readonly ResponseURL: string;
  readonly StackId: string;
  readonly RequestId: string;
  readonly LogicalResourceId: string;
}

export interface GuardDutyRegionResult {
  readonly id: string;
  readonly data: Record<string, string>;
}

export function onEvent(event: GuardDutyRegionEvent, api: GuardDutyRegionApi): Promise<GuardDutyRegionResult>;
export function run(
  event: GuardDutyRegionEvent,
  context: { readonly logStreamName: string },
  connect: () => GuardDutyRegionApi,
): Promise<void>;
export function handler(event: GuardDutyRegionEvent, context: { readonly logStreamName: string }): Promise<void>;
