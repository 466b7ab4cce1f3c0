import * as fs from 'node:fs';
import * as path from 'node:path';

import type { Command } from './io';

/**
 * `kiln console` needs the evaluator and the whole function library, which `kiln fmt` and
 * `kiln version` do not. In the shipped CLI it is therefore a bundle of its own
 * (dist/cli/console/index.js, see scripts/build.js) that is only read when the command runs; from
 * the source tree the module is required directly.
 *
 * `require` is reached through eval so that the bundler neither follows it nor inlines the
 * console into the main CLI bundle.
 */
const runtimeRequire = eval('require') as NodeJS.Require;

export const runConsoleCommand: Command = (args, io) => {
  const bundled = path.join(__dirname, 'console', 'index.js');
  const mod = (fs.existsSync(bundled) ? runtimeRequire(bundled) : runtimeRequire('./commands/console')) as {
    runConsole: Command;
  };
  return mod.runConsole(args, io);
};
