import { NumberType, StringType, listOf, mapOf } from '../../values/types';
import type { ConfigProblem, FieldSpec } from '../../schema/types';
import { hasTemplateActions } from '../../schema/go-fields';
import { goStat } from '../local-files';

/**
 * The options every shell-like provisioner shares (packer-plugin-sdk shell.Provisioner: the `shell`
 * and `shell-local` provisioners and the `shell-local` post-processor) and the checks their Prepare
 * functions make in the same words: each script must exist, each environment variable must be
 * `key=value`.
 */

export const STRINGS = listOf(StringType);
export const STRING_MAP = mapOf(StringType);

/** `inline`, `script`, `scripts`, `valid_exit_codes`, `environment_vars`, `env`; where the scripts run is the caller's to say. */
export function commonShellFields(where: string) {
  return [
    {
      name: 'inline',
      type: STRINGS,
      doc: `Commands to run ${where}, written to one temporary script and run in a single shell.`,
    },
    {
      name: 'script',
      type: StringType,
      doc: `Path of a local script to run ${where}, relative to the current directory.`,
    },
    {
      name: 'scripts',
      type: STRINGS,
      doc: `Paths of local scripts to run ${where}, one after another in the order given.`,
    },
    {
      name: 'valid_exit_codes',
      type: listOf(NumberType),
      doc: 'Exit codes that count as success; any other code fails the build.',
      default: [0],
    },
    {
      name: 'environment_vars',
      type: STRINGS,
      doc: 'Environment variables for the scripts, each written `KEY=value`. `env` wins over duplicates.',
    },
    {
      name: 'env',
      type: STRING_MAP,
      doc: 'Environment variables for the scripts, as a map; wins over the same name in `environment_vars`.',
    },
  ] as const satisfies readonly FieldSpec[];
}

/**
 * Packer's checks of a script provisioner's sources, in its order: `script` or `scripts` (the
 * first is `onlyOne` when both are set — powershell reports it before its other checks), one of
 * them or `inline`, and each script file found. Called with the options as goString/goStrings read
 * them, once all three are known.
 */
export function scriptSourceProblems(
  script: string,
  listed: readonly string[],
  inline: readonly string[],
  opts: { onlyOne: boolean } = { onlyOne: true },
): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  if (opts.onlyOne && script !== '' && listed.length > 0) {
    problems.push({ message: 'Only one of script or scripts can be specified.', field: 'scripts' });
  }
  const scripts = script !== '' ? [script] : listed;
  // An empty `inline` list counts as no inline script at all.
  if (scripts.length === 0 && inline.length === 0) {
    problems.push({ message: 'Either a script file or inline script must be specified.' });
  } else if (scripts.length > 0 && inline.length > 0) {
    problems.push({
      message: 'Only a script file or an inline script can be specified, not both.',
      field: 'inline',
    });
  }
  problems.push(...badScriptProblems(scripts, script !== '' ? 'script' : 'scripts'));
  return problems;
}

/** "Bad script 'x': stat x: no such file or directory" for each script that cannot be found. */
export function badScriptProblems(paths: readonly string[], field: string): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  for (const path of paths) {
    if (hasTemplateActions(path)) continue;
    const stat = goStat(path);
    if (typeof stat === 'string') problems.push({ message: `Bad script '${path}': ${stat}`, field });
  }
  return problems;
}

/**
 * Packer splits on the first `=`: `=foo` (no name) and `foobar` (no `=`) are refused. Takes the
 * `environment_vars` option as goStrings reads it (each component reads it through its own view).
 */
export function environmentVarProblems(environmentVars: readonly string[] | undefined): ConfigProblem[] {
  const vars = environmentVars ?? [];
  const problems: ConfigProblem[] = [];
  for (const kv of vars) {
    if (kv.indexOf('=') <= 0) {
      problems.push({
        message: `Environment variable not in format 'key=value': ${kv}`,
        field: 'environment_vars',
      });
    }
  }
  return problems;
}
