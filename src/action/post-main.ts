import * as core from '@actions/core';

import { loadBuiltinLedgerKinds } from '../cli/template-commands-loader';
import { runPost } from './post';

// The post step never fails the job: anything unexpected is a warning. The sweepers come from the
// template bundle, and only when something is left to sweep (see runPost).
runPost(core, loadBuiltinLedgerKinds).catch((err: unknown) =>
  core.warning(`Kiln post step: ${err instanceof Error ? err.message : String(err)}`),
);
