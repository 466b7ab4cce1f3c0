#!/usr/bin/env node
import { interruptsReceived, processIO } from './process-io';
import { runCLI } from './main';

runCLI(process.argv.slice(2), processIO())
  .then((code) => {
    process.exitCode = code;
    // After a second interrupt, abandoned cleanup must not keep the process alive; the short
    // delay lets what was written to stdout and stderr drain first.
    if (interruptsReceived() >= 2) setTimeout(() => process.exit(code), 200);
  })
  .catch((err: unknown) => {
    // Anything that reaches here is a bug in Kiln, not a user mistake: say so loudly.
    process.stderr.write(
      `kiln: internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
    );
    process.exitCode = 70;
  });
