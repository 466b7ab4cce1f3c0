/**
 * The commands that load templates (build, console, validate, inspect). They need the evaluator, the
 * function library and the component schemas, which `kiln fmt` and `kiln version` do not, so the
 * shipped CLI keeps them in a bundle of their own (see src/lazy-bundles.ts). The bundle holds the
 * whole catalog, so the sweepers derived from it come from here too: `kiln sweep` and the action's
 * post step load it only when something is left to sweep (template-commands-loader.ts).
 */
export { builtinLedgerKinds } from '../components/catalog';
export { runBuild } from './commands/build';
export { runConsole } from './commands/console';
export { pluginCacheMaterial, runInit } from './commands/init';
export { runInspect } from './commands/inspect';
export { runPlan } from './commands/plan';
export { runPlugins } from './commands/plugins';
export { runValidate } from './commands/validate';
