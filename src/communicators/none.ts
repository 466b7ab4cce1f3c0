import type { Communicator } from '../engine/types';

/**
 * `communicator = "none"` (and builders with no machine, like `file`): every operation fails with
 * the reason, so a provisioner that needs a machine says so instead of doing nothing.
 */
export class NoneCommunicator implements Communicator {
  readonly type = 'none';

  constructor(private readonly reason = 'this build has no communicator (communicator = "none")') {}

  private fail(): Promise<never> {
    return Promise.reject(new Error(`cannot reach the machine: ${this.reason}`));
  }

  start(): Promise<never> {
    return this.fail();
  }

  upload(): Promise<never> {
    return this.fail();
  }

  uploadDir(): Promise<never> {
    return this.fail();
  }

  download(): Promise<never> {
    return this.fail();
  }

  downloadDir(): Promise<never> {
    return this.fail();
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}
