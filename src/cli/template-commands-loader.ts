import { loadLazyBundle } from '../lazy-bundles';
import type { LedgerKindTable } from '../sdk/ledger-kinds';
import type { Command } from './io';
import type * as TemplateCommands from './template-commands';

/**
 * `kiln build`, `console`, `validate` and `inspect` need the evaluator, the whole function library and the
 * component schemas, which `kiln fmt` and `kiln version` do not. In the shipped CLI they are
 * therefore a bundle of their own (dist/cli/template/index.js, see src/lazy-bundles.ts) that is only
 * read when one of them runs.
 */
function load(): typeof TemplateCommands {
  return loadLazyBundle<typeof TemplateCommands>('cli/template');
}

export const runConsoleCommand: Command = (args, io) => load().runConsole(args, io);
export const runValidateCommand: Command = (args, io) => load().runValidate(args, io);
export const runInspectCommand: Command = (args, io) => load().runInspect(args, io);
export const runBuildCommand: Command = (args, io) => load().runBuild(args, io);
export const runPlanCommand: Command = (args, io) => load().runPlan(args, io);
/** `init` decides which required plugins are built in from the catalog, which only this bundle holds. */
export const runInitCommand: Command = (args, io) => load().runInit(args, io);
/** `plugins`: reads templates (required) and installs (HTTP, zip, lock file): kept out of the small CLI bundle. */
export const runPluginsCommand: Command = (args, io) => load().runPlugins(args, io);
/** The action's plugin cache key material (lock file or constraints) and how many plugins are required. */
export const pluginCacheMaterial = (
  template: string,
  io: { cwd: string; env: Readonly<Record<string, string | undefined>> },
): { requirements: number; material: string | undefined } => load().pluginCacheMaterial(template, io);

/**
 * The sweepers and run finders derived from the catalog (components/catalog.ts), which only the
 * template bundle holds: `kiln sweep` and the action's post step (small bundles, no schemas) call
 * this only when a ledger lists something to delete or the run's tag must be searched.
 */
export function loadBuiltinLedgerKinds(): LedgerKindTable {
  return load().builtinLedgerKinds();
}
