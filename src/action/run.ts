import { randomUUID } from 'node:crypto';
import * as path from 'node:path';

import { runFmt } from '../cli/commands/fmt';
import { runMerge } from '../cli/commands/merge';
import type { Command, CommandIO } from '../cli/io';
import type { PlanDocument } from '../cli/plan-matrix';
import {
  pluginCacheMaterial,
  runBuildCommand,
  runInitCommand,
  runInspectCommand,
  runPlanCommand,
  runValidateCommand,
} from '../cli/template-commands-loader';
import type { BuildTimeline } from '../cli/timeline';
import type { RunResult } from '../engine/types';
import { Masker } from '../engine/ui';
import type { Diagnostic } from '../hcl/diagnostics';
import { KILN_VERSION } from '../version';
import { type Annotation, annotationFor, limitAnnotations } from './annotations';
import { BuildLog } from './build-log';
import { type DiagnosticRecord, diagnosticRecord, workspacePath } from './diagnostics';
import {
  type ActionCommand,
  type ActionInputs,
  type CommandContext,
  commandArguments,
  InputError,
  readInputs,
} from './inputs';
import { type ActionOutputs, actionOutputs } from './outputs';
import { boundedDiagnostics } from './output-limits';
import { maskDeep } from './mask';
import { expandResultPaths } from './result-paths';
import { untrustedLines } from './workflow-commands';
import { STATE_LEDGERS, STATE_RUN_CLEAN, STATE_RUN_ID } from './state';
import { summaryMarkdown } from './summary';
import { TimelineRecorder } from './timeline';
import {
  type CacheBackend,
  type PluginCacheRun,
  pluginCacheKey,
  pluginSummary,
  withPluginCache,
} from './plugin-cache';
import { pluginDirectory } from '../plugins/discovery/directory';
import type { InitResult } from '../plugins/install/init';
import { hostPlatform } from '../plugins/install/platform';

/**
 * The action's main step: reads the inputs, runs the same command the CLI would (in this process),
 * and turns what it reports into the runner's surfaces — log groups per build, masked secrets,
 * annotations, step outputs, saved state for the post step, and the job summary.
 */

/** The slice of @actions/core the action uses; injected so tests can observe every call. */
export interface ActionCore {
  getInput(name: string): string;
  setOutput(name: string, value: string): void;
  setFailed(message: string): void;
  info(message: string): void;
  warning(message: string, properties?: AnnotationProperties): void;
  error(message: string, properties?: AnnotationProperties): void;
  startGroup(title: string): void;
  endGroup(): void;
  setSecret(secret: string): void;
  saveState(name: string, value: string): void;
  /** Appends markdown to the job summary (GITHUB_STEP_SUMMARY). */
  writeSummary(markdown: string): Promise<void>;
}

export interface AnnotationProperties {
  title?: string;
  file?: string;
  startLine?: number;
  endLine?: number;
  startColumn?: number;
  endColumn?: number;
}

export interface ActionEnvironment {
  readonly env: Readonly<Record<string, string | undefined>>;
  /** The repository checkout (GITHUB_WORKSPACE); annotations name files relative to it. */
  readonly workspace: string;
  readonly onInterrupt?: CommandIO['onInterrupt'];
  /** Whether the runner reads the log slower than builds print (the log is the process's stdout). */
  readonly outputBacklog?: CommandIO['outputBacklog'];
  /**
   * Moves the process into the working directory: components resolve relative paths against the
   * process's directory, as Packer's do (the action's process runs nothing else).
   */
  readonly chdir?: (dir: string) => void;
  /** The Actions cache for the plugin directory (main.ts: @actions/cache, from its lazy bundle). */
  readonly pluginCache?: () => CacheBackend;
}

// build, validate and inspect come from the CLI's own template bundle (dist/cli/template), read
// when one of them runs: the action's bundle stays small and the code is shipped once.
const COMMANDS: Record<ActionCommand, Command> = {
  build: runBuildCommand,
  validate: runValidateCommand,
  fmt: runFmt,
  inspect: runInspectCommand,
  plan: runPlanCommand,
  merge: runMerge,
};

/** Runs the action; returns the command's exit code. Failures are reported with core.setFailed. */
export async function runAction(core: ActionCore, environment: ActionEnvironment): Promise<number> {
  core.info(`Kiln v${KILN_VERSION}`);
  let inputs: ActionInputs;
  try {
    inputs = readInputs((name) => core.getInput(name));
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    return inputFailure(core, e.message);
  }
  const { workspace } = environment;
  const cwd = path.resolve(workspace, inputs.workingDirectory);
  const outside = templateOutsideWorkspace(inputs, cwd, workspace);
  if (outside !== undefined) return inputFailure(core, outside);
  try {
    environment.chdir?.(cwd);
  } catch (e) {
    return inputFailure(
      core,
      `Input "working-directory": cannot use ${cwd}: ${e instanceof Error ? e.message : String(e)}`,
    );
  }
  const diagnostics: DiagnosticRecord[] = [];
  const unformatted: { file: string; diff?: string }[] = [];
  const ledgers: string[] = [];
  // Everything the action writes (outputs, summary, annotations, log) is masked again here, with
  // every secret the command reported: an output or the summary never holds a sensitive value.
  const registered = new Set<string>();
  const masker = new Masker([], (value) => {
    for (const part of maskParts(value)) {
      if (registered.has(part)) continue;
      registered.add(part);
      core.setSecret(part);
    }
  });
  const timeline = new TimelineRecorder();
  let manifest: string | undefined;
  let run: RunResult | undefined;
  let plan: PlanDocument | undefined;
  let resultFile: string | undefined;
  // merge: the jobs' timelines, already on one clock.
  let mergedTimelines: readonly BuildTimeline[] | undefined;
  const context = commandContext(inputs, environment, cwd);
  if (inputs.command === 'merge' && (context.resultPaths ?? []).length === 0)
    return inputFailure(
      core,
      `Input "result-files": nothing matches ${inputs.resultFiles.join(', ')} in ${cwd}.`,
    );

  // Lines of build output and diagnostics are untrusted: they cannot start a workflow command.
  const untrusted = untrustedLines((line) => core.info(line));
  const log = new BuildLog({
    info: (line) => untrusted(masker.mask(line)),
    startGroup: (title) => core.startGroup(title),
    endGroup: () => core.endGroup(),
  });
  const io: CommandIO = {
    stdout: (text) => log.write(undefined, text),
    stderr: (text) => log.write(undefined, text),
    readStdin: () => Promise.resolve(''),
    stdinIsTTY: false,
    cwd,
    env: environment.env,
    ...(environment.onInterrupt ? { onInterrupt: environment.onInterrupt } : {}),
    ...(environment.outputBacklog ? { outputBacklog: environment.outputBacklog } : {}),
    observer: {
      secret(value) {
        masker.add(value);
      },
      diagnostics(found: readonly Diagnostic[]) {
        for (const d of found) diagnostics.push(maskDeep(diagnosticRecord(d, cwd, workspace), masker));
      },
      buildOutput: (build, text) => log.write(build, text),
      event(e) {
        timeline.event(e);
        switch (e.type) {
          case 'run-start':
            core.saveState(STATE_RUN_ID, e.runId);
            break;
          case 'build-start':
            // Saved before the build does anything: a killed run is swept by the post step.
            ledgers.push(e.ledger);
            core.saveState(STATE_LEDGERS, JSON.stringify(ledgers));
            break;
          case 'output-file':
            if (e.role === 'manifest') manifest = e.path;
            break;
          case 'build-end':
            log.end(e.build);
            break;
          default:
            break;
        }
      },
      runFinished(result) {
        run = maskDeep(result, masker);
        // No ledger left behind, no cleanup abandoned: the post step has nothing to search for.
        if (result.ledgers.length === 0 && result.abandoned !== true) core.saveState(STATE_RUN_CLEAN, 'true');
      },
      plan(p) {
        plan = p;
      },
      resultFile(file) {
        resultFile = file;
      },
      merged(merge, file) {
        run = maskDeep(merge.run, masker);
        mergedTimelines = merge.timelines;
        if (file !== undefined) manifest = file;
        for (const problem of merge.problems)
          diagnostics.push(maskDeep({ severity: 'warning', summary: 'kiln merge', detail: problem }, masker));
      },
      unformatted(file, diff) {
        unformatted.push({ file, ...(diff !== undefined ? { diff } : {}) });
      },
    },
  };

  let exitCode: number;
  let plugins: PluginCacheRun | undefined;
  try {
    if ((inputs.command === 'build' || inputs.command === 'validate') && inputs.init) {
      plugins = await initPluginsStep(core, inputs, environment, io, masker);
    }
    exitCode =
      plugins !== undefined && plugins.code !== 0
        ? plugins.code
        : await COMMANDS[inputs.command](commandArguments(inputs, context), io);
  } finally {
    log.close();
  }

  if (inputs.annotate) annotate(core, inputs, diagnostics, unformatted, run, cwd, workspace);
  setOutputs(
    core,
    maskDeep(
      actionOutputs({
        run,
        manifest,
        diagnostics,
        exitCode,
        ...(plan ? { matrix: plan.matrix } : {}),
        ...(resultFile ? { resultFile } : {}),
      }),
      masker,
    ),
  );

  if (inputs.summary && environment.env.GITHUB_STEP_SUMMARY) {
    const env = environment.env;
    const repo = env.GITHUB_REPOSITORY;
    const server = env.GITHUB_SERVER_URL ?? 'https://github.com';
    const markdown = summaryMarkdown(
      maskDeep(
        {
          command: inputs.command,
          template: workspacePath(inputs.template, cwd, workspace) || '.',
          exitCode,
          version: KILN_VERSION,
          ...(run ? { run, timelines: mergedTimelines ?? timeline.timelines() } : {}),
          ...(plan ? { plan } : {}),
          diagnostics,
          unformatted: unformatted.map((u) => ({ ...u, file: workspacePath(u.file, cwd, workspace) })),
          fmtCheck: inputs.fmtCheck,
          ...(manifest ? { manifest: workspacePath(manifest, cwd, workspace) } : {}),
          ...(repo && env.GITHUB_SHA ? { blobUrl: `${server}/${repo}/blob/${env.GITHUB_SHA}` } : {}),
          ...(repo && env.GITHUB_RUN_ID
            ? { runUrl: `${server}/${repo}/actions/runs/${env.GITHUB_RUN_ID}` }
            : {}),
        },
        masker,
      ),
    );
    // A summary that cannot be written is worth a warning, never a failed build.
    await core
      .writeSummary(markdown + (plugins ? masker.mask(pluginSummary(plugins)) : ''))
      .catch((e: unknown) => {
        core.warning(`Could not write the job summary: ${e instanceof Error ? e.message : String(e)}`);
      });
  }

  if (exitCode !== 0) {
    // init stops on the template's own errors (its diagnostics, annotated above) before any plugin.
    const why =
      plugins !== undefined && plugins.code !== 0 && plugins.results.some((r) => r.status === 'failed')
        ? `kiln init could not install the template's plugins: ${plugins.results
            .filter((r) => r.status === 'failed')
            .map((r) => r.requirement.source)
            .join(', ')}.`
        : failureMessage(inputs, exitCode, run, diagnostics);
    core.setFailed(masker.mask(why));
  }
  return exitCode;
}

/**
 * `kiln init` before validate and build (issue 17), when the template has required_plugins: the
 * plugin directory restored from the Actions cache first and saved after when init installed
 * something; the job's token (the `github-token` input) for the GitHub API unless the environment
 * has one. Undefined when the template requires no plugin.
 */
async function initPluginsStep(
  core: ActionCore,
  inputs: ActionInputs,
  environment: ActionEnvironment,
  io: CommandIO,
  masker: Masker,
): Promise<PluginCacheRun | undefined> {
  const { requirements, material } = pluginCacheMaterial(inputs.template, io);
  if (requirements === 0) return undefined;
  if (inputs.githubToken !== '') masker.add(inputs.githubToken);
  const env = {
    ...io.env,
    ...(!io.env.PACKER_GITHUB_API_TOKEN && !io.env.GITHUB_TOKEN && inputs.githubToken !== ''
      ? { GITHUB_TOKEN: inputs.githubToken }
      : {}),
  };
  let directory: string;
  try {
    directory = pluginDirectory(env);
  } catch (e) {
    core.warning(`No plugin directory: ${e instanceof Error ? e.message : String(e)}`);
    return undefined;
  }
  const { os, arch } = hostPlatform();
  let results: readonly InitResult[] = [];
  core.startGroup('Plugins (kiln init)');
  try {
    return await withPluginCache({
      backend: material !== undefined && inputs.pluginCache ? environment.pluginCache : undefined,
      directory,
      key: pluginCacheKey(os, arch, material ?? ''),
      warning: (m) => core.warning(m),
      info: (m) => core.info(m),
      runInit: async () => {
        const code = await runInitCommand([inputs.template], {
          ...io,
          env,
          observer: {
            ...io.observer,
            pluginsInitialized(r) {
              results = r;
            },
          },
        });
        return { code, results };
      },
    });
  } finally {
    core.endGroup();
  }
}

/**
 * Inputs that cannot be used: the step fails saying why, with every output set as documented
 * (nothing ran: no artifacts, exit code 1) and the problem as the one diagnostic.
 */
function inputFailure(core: ActionCore, message: string): number {
  core.setFailed(message);
  setOutputs(
    core,
    actionOutputs({
      diagnostics: [{ severity: 'error', summary: 'Invalid action input', detail: message }],
      exitCode: 1,
    }),
  );
  return 1;
}

function setOutputs(core: ActionCore, outputs: ActionOutputs): void {
  const bounded = { ...outputs, diagnostics: boundedDiagnostics(outputs.diagnostics) };
  for (const [name, value] of Object.entries(bounded))
    core.setOutput(name, typeof value === 'string' ? value : JSON.stringify(value));
}

/**
 * A template outside the repository checkout is refused unless allowed: its annotations would name
 * `../` paths GitHub cannot place, and a workflow input should not make the action read any file
 * on the runner (`/etc/passwd`).
 */
export function templateOutsideWorkspace(
  inputs: ActionInputs,
  cwd: string,
  workspace: string,
): string | undefined {
  if (inputs.allowTemplateOutsideWorkspace) return undefined;
  const template = path.resolve(cwd, inputs.template);
  const rel = path.relative(path.resolve(workspace), template);
  if (rel !== '..' && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel)) return undefined;
  return `Input "template": ${template} is outside the workspace (${workspace}); set allow-template-outside-workspace: true to use it.`;
}

/**
 * What to register with the runner for one secret: the value, and for a multi-line value (a private
 * key) each of its lines too, since the runner masks what a single log line contains. PEM armour
 * lines are not secret and would mask ordinary text.
 */
export function maskParts(value: string): string[] {
  const parts = [value];
  if (value.includes('\n'))
    for (const line of value.split(/\r?\n/).map((l) => l.trim()))
      if (line.length >= 8 && !/^-----(BEGIN|END) /.test(line)) parts.push(line);
  return parts;
}

function annotate(
  core: ActionCore,
  inputs: ActionInputs,
  diagnostics: readonly DiagnosticRecord[],
  unformatted: readonly { file: string }[],
  run: RunResult | undefined,
  cwd: string,
  workspace: string,
): void {
  const all: Annotation[] = diagnostics.map(annotationFor);
  // A build that failed (not one that was cancelled) says why on the run's page.
  for (const r of run?.results ?? [])
    if (r.error !== undefined && !r.cancelled)
      all.push({ level: 'error', title: `Build '${r.name}' failed`, message: r.error });
  if (inputs.command === 'fmt' && inputs.fmtCheck) {
    for (const u of unformatted)
      all.push({
        level: 'error',
        file: workspacePath(u.file, cwd, workspace),
        title: 'File is not formatted canonically',
        message:
          'Run `kiln fmt` (or `packer fmt`) on this file and commit the result; the job summary shows the diff.',
      });
  }
  for (const a of limitAnnotations(all)) {
    const { level, message, ...properties } = a;
    if (level === 'error') core.error(message, properties);
    else core.warning(message, properties);
  }
}

function failureMessage(
  inputs: ActionInputs,
  exitCode: number,
  run: RunResult | undefined,
  diagnostics: readonly DiagnosticRecord[],
): string {
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  switch (inputs.command) {
    case 'fmt':
      return exitCode === 3
        ? 'Some files are not formatted canonically (kiln fmt -check).'
        : `kiln fmt failed (exit code ${exitCode}).`;
    case 'validate':
      return errors > 0
        ? `The template is not valid: ${errors} error${errors === 1 ? '' : 's'}.`
        : `kiln validate failed (exit code ${exitCode}).`;
    case 'build': {
      if (run === undefined)
        return errors > 0
          ? `The template has ${errors} error${errors === 1 ? '' : 's'}; nothing was built.`
          : `kiln build failed (exit code ${exitCode}).`;
      if (run.cancelled) return 'The build was cancelled.';
      if (run.failFast)
        return `Build '${run.failFast.build}' failed; fail-fast cancelled ${run.failFast.cancelled.length} other build${run.failFast.cancelled.length === 1 ? '' : 's'}${run.failFast.cancelled.length > 0 ? `: ${run.failFast.cancelled.join(', ')}` : ''}.`;
      const failed = run.results.filter((r) => r.error !== undefined).map((r) => r.name);
      return `${failed.length} of ${run.results.length} build${run.results.length === 1 ? '' : 's'} failed: ${failed.join(', ')}.`;
    }
    case 'inspect':
      return `kiln inspect failed (exit code ${exitCode}).`;
    case 'plan':
      return errors > 0
        ? `No job matrix: ${errors} error${errors === 1 ? '' : 's'} (see the diagnostics).`
        : `kiln plan failed (exit code ${exitCode}).`;
    case 'merge': {
      const failed = (run?.results ?? []).filter((r) => r.error !== undefined).map((r) => r.name);
      if (run === undefined || failed.length === 0) return `kiln merge failed (exit code ${exitCode}).`;
      return `${failed.length} of ${run.results.length} build${run.results.length === 1 ? '' : 's'} failed or were cancelled: ${failed.join(', ')}.`;
    }
  }
}

/**
 * What the action adds to the command line: build always writes a result file (its path is the
 * `result-file` output), in the runner's temporary directory under a name of its own, so that the
 * files of a matrix's jobs can be downloaded side by side; merge gets its patterns expanded.
 */
function commandContext(inputs: ActionInputs, environment: ActionEnvironment, cwd: string): CommandContext {
  if (inputs.command === 'build') {
    const dir = environment.env.RUNNER_TEMP || cwd;
    return { resultFile: path.join(dir, `kiln-result-${randomUUID()}.json`) };
  }
  if (inputs.command === 'merge') return { resultPaths: expandResultPaths(inputs.resultFiles, cwd) };
  return {};
}
