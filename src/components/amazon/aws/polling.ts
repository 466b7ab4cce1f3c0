/**
 * How waiters poll: `aws_polling { delay_seconds, max_attempts }`, else the AWS_POLL_DELAY_SECONDS,
 * AWS_MAX_ATTEMPTS and AWS_TIMEOUT_SECONDS variables, else each waiter's own defaults (Packer's
 * precedence, common/state.go). Undefined fields mean "the waiter's default".
 */
export interface PollingOptions {
  readonly delayMs?: number;
  readonly maxAttempts?: number;
}

/** A waiter's own defaults (aws-sdk-go's, which Packer uses when nothing is configured). */
export interface WaiterDefaults {
  readonly delayMs: number;
  readonly maxAttempts: number;
}

/** What a waiter does: the configured polling over its defaults. */
export function effectivePolling(polling: PollingOptions, defaults: WaiterDefaults): WaiterDefaults {
  return {
    delayMs: polling.delayMs ?? defaults.delayMs,
    maxAttempts: polling.maxAttempts ?? defaults.maxAttempts,
  };
}
