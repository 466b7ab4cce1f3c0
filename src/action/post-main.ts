import * as core from '@actions/core';

import { builtinRunFinders, builtinSweepers } from '../components/sweepers';
import { runPost } from './post';

// The post step never fails the job: anything unexpected is a warning.
runPost(core, builtinSweepers(), builtinRunFinders()).catch((err: unknown) =>
  core.warning(`Kiln post step: ${err instanceof Error ? err.message : String(err)}`),
);
