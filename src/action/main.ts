import * as core from '@actions/core';
import { runAction } from './run';

// runAction reports failures through core.setFailed, which sets the process exit code to 1.
runAction(core).catch((err: unknown) => core.setFailed(err instanceof Error ? err.message : String(err)));
