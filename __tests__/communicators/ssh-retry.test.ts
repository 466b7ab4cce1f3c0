import { retryDelayMs } from '../../src/communicators/ssh/connect';

describe('SSH connection retries', () => {
  it('start at half a second and double up to the 5 s Packer always waits', () => {
    expect([1, 2, 3, 4, 5, 6, 20].map(retryDelayMs)).toEqual([500, 1000, 2000, 4000, 5000, 5000, 5000]);
  });
});
