#!/usr/bin/env node
import { processIO } from './process-io';
import { runCLI } from './main';

runCLI(process.argv.slice(2), processIO())
  .then((code) => {
    process.exitCode = code;
  })
  .catch((err: unknown) => {
    // Anything that reaches here is a bug in Kiln, not a user mistake: say so loudly.
    process.stderr.write(
      `kiln: internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
    );
    process.exitCode = 70;
  });
