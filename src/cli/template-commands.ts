/**
 * The commands that load templates (build, console, validate, inspect). They need the evaluator, the
 * function library and the component schemas, which `kiln fmt` and `kiln version` do not, so the
 * shipped CLI keeps them in a bundle of their own (see src/lazy-bundles.ts).
 */
export { runBuild } from './commands/build';
export { runConsole } from './commands/console';
export { runInspect } from './commands/inspect';
export { runValidate } from './commands/validate';
