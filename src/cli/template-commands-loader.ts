import * as fs from 'node:fs';
import * as path from 'node:path';

import type { Command } from './io';

/**
 * `kiln build`, `console`, `validate` and `inspect` need the evaluator, the whole function library and the
 * component schemas, which `kiln fmt` and `kiln version` do not. In the shipped CLI they are
 * therefore a bundle of their own (dist/cli/template/index.js, see scripts/build.js) that is only
 * read when one of them runs; from the source tree the module is required directly.
 *
 * `require` is reached through eval so that the bundler neither follows it nor inlines the
 * commands into the main CLI bundle.
 */
const runtimeRequire = eval('require') as NodeJS.Require;

interface TemplateCommands {
  readonly runBuild: Command;
  readonly runConsole: Command;
  readonly runInspect: Command;
  readonly runValidate: Command;
}

let loaded: TemplateCommands | undefined;

function load(): TemplateCommands {
  if (loaded) return loaded;
  // dist/cli/index.js finds it in ./template, the action's dist/index.js in ./cli/template.
  const bundled = [
    path.join(__dirname, 'template', 'index.js'),
    path.join(__dirname, 'cli', 'template', 'index.js'),
  ].find((file) => fs.existsSync(file));
  loaded = (bundled ? runtimeRequire(bundled) : runtimeRequire('./template-commands')) as TemplateCommands;
  return loaded;
}

export const runConsoleCommand: Command = (args, io) => load().runConsole(args, io);
export const runValidateCommand: Command = (args, io) => load().runValidate(args, io);
export const runInspectCommand: Command = (args, io) => load().runInspect(args, io);
export const runBuildCommand: Command = (args, io) => load().runBuild(args, io);
