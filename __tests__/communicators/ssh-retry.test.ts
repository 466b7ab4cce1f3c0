import { retryDelayMs } from '../../src/communicators/ssh/connect';

describe('SSH connection retries', () => {
  it('start at half a second and double up to the 5 s Packer always waits', () => {
    expect([1, 2, 3, 4, 5, 6, 20].map((a) => retryDelayMs(a))).toEqual([
      500, 1000, 2000, 4000, 5000, 5000, 5000,
    ]);
  });

  it('stop growing at a given longest pause (winrm_retry_interval)', () => {
    expect([1, 2, 3, 4, 5].map((a) => retryDelayMs(a, 1_500))).toEqual([500, 1000, 1500, 1500, 1500]);
    expect([1, 2, 20].map((a) => retryDelayMs(a, 100))).toEqual([100, 100, 100]);
    expect([5, 6].map((a) => retryDelayMs(a, 30_000))).toEqual([8000, 16000]);
  });
});
