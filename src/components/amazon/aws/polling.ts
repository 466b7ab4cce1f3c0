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

/** `aws_polling` as written; 0 (Go's zero value) is "not set", as in Packer. */
export interface AwsPollingConfig {
  readonly delaySeconds?: number;
  readonly maxAttempts?: number;
}

/** The delay Packer falls back to once attempts or a timeout are set but no delay is. */
const FALLBACK_DELAY_SECONDS = 2;

/** A variable as Go's strconv.Atoi reads it: an optionally signed decimal integer, else ignored. */
function envInt(env: NodeJS.ProcessEnv, name: string): number | undefined {
  const text = env[name];
  if (text === undefined || !/^[+-]?\d+$/.test(text)) return undefined;
  const n = Number(text);
  return Number.isSafeInteger(n) ? n : undefined;
}

function setInConfig(n: number | undefined): n is number {
  return n !== undefined && n !== 0;
}

/**
 * Packer's getWaiterOptions: each `aws_polling` option overrides its variable; a set delay is used
 * as is; set attempts (option or AWS_MAX_ATTEMPTS) win over AWS_TIMEOUT_SECONDS; attempts or a
 * timeout without a delay poll every 2 seconds rather than at the waiter's own pace; a timeout
 * becomes as many attempts as fit in it. Nothing set leaves every waiter its own defaults.
 */
export function derivePolling(config: AwsPollingConfig, env: NodeJS.ProcessEnv): PollingOptions {
  const delay = setInConfig(config.delaySeconds)
    ? config.delaySeconds
    : envInt(env, 'AWS_POLL_DELAY_SECONDS');
  const attempts = setInConfig(config.maxAttempts) ? config.maxAttempts : envInt(env, 'AWS_MAX_ATTEMPTS');
  const timeout = envInt(env, 'AWS_TIMEOUT_SECONDS');
  const delaySeconds = delay ?? FALLBACK_DELAY_SECONDS;
  if (attempts !== undefined) return { delayMs: delaySeconds * 1000, maxAttempts: attempts };
  if (timeout !== undefined) {
    // Packer divides the timeout by the delay; a zero delay would divide by zero there, so a
    // one-second step counts the attempts instead.
    const maxAttempts = Math.floor(timeout / Math.max(delaySeconds, 1));
    return { delayMs: delaySeconds * 1000, maxAttempts };
  }
  return delay === undefined ? {} : { delayMs: delay * 1000 };
}

/** The warnings Packer logs about these settings (LogEnvOverrideWarnings), for the debug log. */
export function pollingWarnings(config: AwsPollingConfig, env: NodeJS.ProcessEnv): string[] {
  const attemptsSet = (env.AWS_MAX_ATTEMPTS ?? '') !== '' || setInConfig(config.maxAttempts);
  const timeoutSet = (env.AWS_TIMEOUT_SECONDS ?? '') !== '';
  const delaySet = (env.AWS_POLL_DELAY_SECONDS ?? '') !== '' || setInConfig(config.delaySeconds);
  if (attemptsSet && timeoutSet) {
    return [
      'AWS_MAX_ATTEMPTS (or aws_polling.max_attempts) and AWS_TIMEOUT_SECONDS are both set: ' +
        'AWS_TIMEOUT_SECONDS is ignored' +
        (delaySet ? '.' : ', and with no poll delay set, waiters poll every 2 seconds.'),
    ];
  }
  if (timeoutSet) {
    return [
      'AWS_TIMEOUT_SECONDS is deprecated in favour of AWS_MAX_ATTEMPTS or aws_polling.max_attempts' +
        (delaySet ? '.' : '; with no poll delay set, waiters poll every 2 seconds.'),
    ];
  }
  return [];
}
