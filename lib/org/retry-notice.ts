import type { CommandIo } from './command-io';
import { isThrottling, type RetryEvent } from './retry';

/** Says once that AWS is throttling, so a slow run is not mistaken for a hung one; every retry would be noise. */
export function throttleNotice(io: CommandIo): (retry: RetryEvent) => void {
  let told = false;
  return (retry) => {
    if (told || !isThrottling(retry.error)) return;
    told = true;
    io.err(`note: AWS is throttling ${retry.operation}; backing off and retrying (slower, not failing)`);
  };
}
