#!/usr/bin/env node
import { interruptsReceived, processIO } from './process-io';
import { runCLI } from './main';
import { TOO_DEEP_DETAIL, TOO_DEEP_SUMMARY, isStackOverflow } from '../text/stack-depth';

runCLI(process.argv.slice(2), processIO())
  .then((code) => {
    process.exitCode = code;
    // After a second interrupt, abandoned cleanup must not keep the process alive; the short
    // delay lets what was written to stdout and stderr drain first.
    if (interruptsReceived() >= 2) setTimeout(() => process.exit(code), 200);
  })
  .catch((err: unknown) => {
    // Input nested too deeply for a part that has no position to report it at (the languages'
    // entry points report it as a diagnostic): still the user's input, so no stack trace.
    if (isStackOverflow(err)) {
      process.stdout.write(`Error: ${TOO_DEEP_SUMMARY}\n\n${TOO_DEEP_DETAIL}\n`);
      process.exitCode = 1;
      return;
    }
    // Anything else that reaches here is a bug in Kiln, not a user mistake: say so loudly.
    process.stderr.write(
      `kiln: internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
    );
    process.exitCode = 70;
  });
