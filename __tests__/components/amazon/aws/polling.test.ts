import {
  type AwsPollingConfig,
  type PollingOptions,
  derivePolling,
  effectivePolling,
  pollingWarnings,
} from '../../../../src/components/amazon/aws/polling';

/** Packer's getWaiterOptions/getEnvOverrides (common/state.go), case by case. */

type Case = [string, AwsPollingConfig, NodeJS.ProcessEnv, PollingOptions];

const CASES: Case[] = [
  ['nothing set: every waiter keeps its defaults', {}, {}, {}],
  ['a delay alone: that delay, the default attempts', {}, { AWS_POLL_DELAY_SECONDS: '5' }, { delayMs: 5000 }],
  ['delay_seconds alone', { delaySeconds: 7 }, {}, { delayMs: 7000 }],
  ['attempts alone: 2-second polls', {}, { AWS_MAX_ATTEMPTS: '10' }, { delayMs: 2000, maxAttempts: 10 }],
  ['max_attempts alone: 2-second polls', { maxAttempts: 12 }, {}, { delayMs: 2000, maxAttempts: 12 }],
  [
    'attempts and a delay',
    {},
    { AWS_MAX_ATTEMPTS: '10', AWS_POLL_DELAY_SECONDS: '3' },
    { delayMs: 3000, maxAttempts: 10 },
  ],
  [
    'a timeout alone: as many 2-second polls as fit',
    {},
    { AWS_TIMEOUT_SECONDS: '60' },
    { delayMs: 2000, maxAttempts: 30 },
  ],
  [
    'a timeout and a delay (rounded down)',
    {},
    { AWS_TIMEOUT_SECONDS: '100', AWS_POLL_DELAY_SECONDS: '15' },
    { delayMs: 15000, maxAttempts: 6 },
  ],
  [
    'attempts win over a timeout',
    {},
    { AWS_TIMEOUT_SECONDS: '600', AWS_MAX_ATTEMPTS: '5' },
    { delayMs: 2000, maxAttempts: 5 },
  ],
  [
    'max_attempts wins over a timeout too',
    { maxAttempts: 4 },
    { AWS_TIMEOUT_SECONDS: '600' },
    { delayMs: 2000, maxAttempts: 4 },
  ],
  [
    'the options win over their variables',
    { delaySeconds: 9, maxAttempts: 3 },
    { AWS_POLL_DELAY_SECONDS: '1', AWS_MAX_ATTEMPTS: '100' },
    { delayMs: 9000, maxAttempts: 3 },
  ],
  [
    'an option at 0 is unset: its variable counts',
    { delaySeconds: 0, maxAttempts: 0 },
    { AWS_POLL_DELAY_SECONDS: '4', AWS_MAX_ATTEMPTS: '8' },
    { delayMs: 4000, maxAttempts: 8 },
  ],
  [
    'delay_seconds with a timeout from the environment',
    { delaySeconds: 10 },
    { AWS_TIMEOUT_SECONDS: '95' },
    { delayMs: 10000, maxAttempts: 9 },
  ],
  [
    'a variable that is not an integer is ignored',
    {},
    { AWS_POLL_DELAY_SECONDS: '2.5', AWS_MAX_ATTEMPTS: 'x' },
    {},
  ],
  ['an empty variable is unset', {}, { AWS_POLL_DELAY_SECONDS: '', AWS_TIMEOUT_SECONDS: '' }, {}],
  ['Atoi accepts a sign', {}, { AWS_MAX_ATTEMPTS: '+6' }, { delayMs: 2000, maxAttempts: 6 }],
  [
    'a zero delay with a timeout counts seconds',
    {},
    { AWS_POLL_DELAY_SECONDS: '0', AWS_TIMEOUT_SECONDS: '5' },
    { delayMs: 0, maxAttempts: 5 },
  ],
];

describe('derivePolling', () => {
  test.each(CASES)('%s', (_name, config, env, expected) => {
    expect(derivePolling(config, env)).toEqual(expected);
  });
});

describe('effectivePolling', () => {
  test('configured values over the waiter defaults', () => {
    const defaults = { delayMs: 15000, maxAttempts: 40 };
    expect(effectivePolling({}, defaults)).toEqual(defaults);
    expect(effectivePolling({ delayMs: 5000 }, defaults)).toEqual({ delayMs: 5000, maxAttempts: 40 });
    expect(effectivePolling({ delayMs: 2000, maxAttempts: 3 }, defaults)).toEqual({
      delayMs: 2000,
      maxAttempts: 3,
    });
  });
});

describe('pollingWarnings', () => {
  test("Packer's warnings about a timeout", () => {
    expect(pollingWarnings({}, {})).toEqual([]);
    expect(pollingWarnings({ maxAttempts: 3 }, {})).toEqual([]);
    expect(pollingWarnings({}, { AWS_TIMEOUT_SECONDS: '60' })[0]).toMatch(/deprecated.*every 2 seconds/);
    expect(pollingWarnings({ delaySeconds: 5 }, { AWS_TIMEOUT_SECONDS: '60' })[0]).not.toMatch(/2 seconds/);
    expect(pollingWarnings({ maxAttempts: 3 }, { AWS_TIMEOUT_SECONDS: '60' })[0]).toMatch(
      /AWS_TIMEOUT_SECONDS is ignored, and with no poll delay set/,
    );
  });
});
