import { KILN_VERSION } from '../version';

/** The slice of @actions/core the action uses; injected so tests can observe every call. */
export interface CoreFacade {
  getInput(name: string, options?: { required?: boolean; trimWhitespace?: boolean }): string;
  setOutput(name: string, value: unknown): void;
  setFailed(message: string): void;
  info(message: string): void;
}

/** Runs the action; returns the process exit code. */
export async function runAction(core: CoreFacade): Promise<number> {
  core.info(`Kiln v${KILN_VERSION}`);
  return 0;
}
