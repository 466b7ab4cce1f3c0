import * as core from '@actions/core';
import { runAction } from './run';

runAction(core).then(
  (code) => {
    if (code !== 0) process.exitCode = code;
  },
  (err: unknown) => core.setFailed(err instanceof Error ? err.message : String(err)),
);
