import { PLAN_GROUPS, type PlanGroup } from '../cli/plan-matrix';
import type { OnErrorPolicy } from '../engine/types';

/**
 * The action's inputs (action.yml), read and checked once: every mistake is reported with the
 * input's name and what it accepts, before anything runs.
 */

export const ACTION_COMMANDS = ['build', 'validate', 'fmt', 'inspect', 'plan', 'merge'] as const;
export type ActionCommand = (typeof ACTION_COMMANDS)[number];

const ON_ERROR: readonly OnErrorPolicy[] = ['cleanup', 'abort', 'ask', 'run-cleanup-provisioner'];

export interface ActionInputs {
  readonly command: ActionCommand;
  readonly template: string;
  readonly workingDirectory: string;
  /** `name=value` assignments, in order (each becomes a -var). */
  readonly variables: readonly string[];
  readonly varFiles: readonly string[];
  readonly only: string;
  readonly except: string;
  readonly parallelBuilds: number;
  readonly onError: OnErrorPolicy;
  readonly force: boolean;
  /** Cancel the other builds as soon as one fails (-fail-fast). */
  readonly failFast: boolean;
  readonly fmtCheck: boolean;
  readonly annotate: boolean;
  readonly summary: boolean;
  readonly timestampUi: boolean;
  readonly color: boolean;
  /** Accept a template outside GITHUB_WORKSPACE (refused by default). */
  readonly allowTemplateOutsideWorkspace: boolean;
  /** plan: one matrix job per build, source type or build block. */
  readonly group: PlanGroup;
  /** merge: result files, directories or glob patterns, one per line. */
  readonly resultFiles: readonly string[];
  /** merge: where the merged manifest is written (relative to working-directory). */
  readonly mergedManifest: string;
  /** Run `kiln init` before validate and build when the template has required_plugins. */
  readonly init: boolean;
  /** Restore and save the plugin directory with the Actions cache. */
  readonly pluginCache: boolean;
  /** For the GitHub API when init downloads plugins (action.yml's default: the job's github.token). */
  readonly githubToken: string;
}

/** What the action adds to the command line beyond the inputs (paths it chose or expanded). */
export interface CommandContext {
  /** build: the result file to write. */
  readonly resultFile?: string;
  /** merge: the result files and directories the `result-files` patterns matched. */
  readonly resultPaths?: readonly string[];
}

/** How inputs are read (core.getInput); an unset input reads as ''. */
export type InputReader = (name: string) => string;

export class InputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InputError';
  }
}

const TRUE = ['true', 'True', 'TRUE'];
const FALSE = ['false', 'False', 'FALSE'];

/** Booleans as @actions/core's getBooleanInput reads them (YAML 1.2 core schema), with a default. */
function bool(read: InputReader, name: string, fallback: boolean): boolean {
  const raw = read(name).trim();
  if (raw === '') return fallback;
  if (TRUE.includes(raw)) return true;
  if (FALSE.includes(raw)) return false;
  throw new InputError(`Input "${name}" must be true or false; got "${raw}".`);
}

/** Non-empty lines, trimmed; lines starting with # are comments. */
export function inputLines(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'));
}

export function readInputs(read: InputReader): ActionInputs {
  const command = (read('command').trim() || 'build') as ActionCommand;
  if (!ACTION_COMMANDS.includes(command))
    throw new InputError(`Input "command" must be one of ${ACTION_COMMANDS.join(', ')}; got "${command}".`);

  const variables = inputLines(read('variables'));
  variables.forEach((line, i) => {
    // The line is not quoted: it may be a secret written with the wrong separator.
    if (!/^[A-Za-z_][A-Za-z0-9_-]*\s*=/.test(line))
      throw new InputError(`Input "variables", line ${i + 1}: expected name=value (one variable per line).`);
  });

  const parallelText = read('parallel-builds').trim() || '0';
  if (!/^\d+$/.test(parallelText))
    throw new InputError(
      `Input "parallel-builds" must be a whole number (0 for no limit); got "${parallelText}".`,
    );

  const onError = (read('on-error').trim() || 'cleanup') as OnErrorPolicy;
  if (!ON_ERROR.includes(onError))
    throw new InputError(`Input "on-error" must be one of ${ON_ERROR.join(', ')}; got "${onError}".`);

  const group = (read('group').trim() || 'build') as PlanGroup;
  if (!PLAN_GROUPS.includes(group))
    throw new InputError(`Input "group" must be one of ${PLAN_GROUPS.join(', ')}; got "${group}".`);
  const resultFiles = inputLines(read('result-files'));
  if (command === 'merge' && resultFiles.length === 0)
    throw new InputError(
      'Input "result-files" is required with command merge: the result files, directories or glob patterns (one per line).',
    );

  return {
    command,
    template: read('template').trim() || '.',
    workingDirectory: read('working-directory').trim() || '.',
    // `name = value` is accepted: the value starts after the first '=' and its surrounding blanks.
    variables: variables.map((l) => l.replace(/^([^=]*?)\s*=\s*/, '$1=')),
    varFiles: inputLines(read('var-files')),
    only: read('only').trim(),
    except: read('except').trim(),
    parallelBuilds: Number(parallelText),
    onError,
    force: bool(read, 'force', false),
    failFast: bool(read, 'fail-fast', false),
    fmtCheck: bool(read, 'fmt-check', false),
    annotate: bool(read, 'annotate', true),
    summary: bool(read, 'summary', true),
    timestampUi: bool(read, 'timestamp-ui', false),
    color: bool(read, 'color', true),
    allowTemplateOutsideWorkspace: bool(read, 'allow-template-outside-workspace', false),
    group,
    resultFiles,
    mergedManifest: read('merged-manifest').trim() || 'packer-manifest.json',
    init: bool(read, 'init', true),
    pluginCache: bool(read, 'plugin-cache', true),
    githubToken: read('github-token').trim(),
  };
}

/** The kiln command line the inputs stand for (the action runs the CLI's own commands). */
export function commandArguments(inputs: ActionInputs, context: CommandContext = {}): string[] {
  const args: string[] = [];
  const templateFlags = () => {
    for (const v of inputs.variables) args.push(`-var=${v}`);
    for (const f of inputs.varFiles) args.push(`-var-file=${f}`);
    if (inputs.only) args.push(`-only=${inputs.only}`);
    if (inputs.except) args.push(`-except=${inputs.except}`);
  };
  switch (inputs.command) {
    case 'fmt':
      // The diff goes to the summary; -check leaves files untouched.
      if (inputs.fmtCheck) args.push('-check', '-diff');
      break;
    case 'validate':
      templateFlags();
      break;
    case 'inspect':
      for (const v of inputs.variables) args.push(`-var=${v}`);
      for (const f of inputs.varFiles) args.push(`-var-file=${f}`);
      break;
    case 'build':
      templateFlags();
      args.push(`-parallel-builds=${inputs.parallelBuilds}`);
      args.push(`-on-error=${inputs.onError}`);
      if (inputs.force) args.push('-force');
      if (inputs.failFast) args.push('-fail-fast');
      if (inputs.timestampUi) args.push('-timestamp-ui');
      args.push(`-color=${inputs.color}`);
      if (context.resultFile) args.push(`-result-file=${context.resultFile}`);
      break;
    case 'plan':
      templateFlags();
      args.push('-format=json', `-group=${inputs.group}`);
      break;
    case 'merge':
      // No template: the result files are the arguments.
      return [`-manifest=${inputs.mergedManifest}`, ...(context.resultPaths ?? [])];
  }
  args.push(inputs.template);
  return args;
}
