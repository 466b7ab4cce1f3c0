import { randomUUID } from 'node:crypto';
import * as path from 'node:path';

import { type Diagnostic, errorDiag, hasErrors } from '../../hcl/diagnostics';
import { renderDiagnostics } from '../../hcl/render';
import { runBuilds } from '../../engine/run';
import type { OnErrorPolicy, RunResult } from '../../engine/types';
import { builtinRuntimes } from '../../components/runtime-catalog';
import { loadTemplate, prepareBuilds } from '../../template/load';
import { templateRunTimeDecoder } from '../../template/run-time-decoding';
import { templateSecrets } from '../../template/secrets';
import { FlagError, type FlagSpec, flagUsage } from '../flags';
import type { CommandIO } from '../io';
import { maskedCommandIO } from '../masked-io';
import { type PluginRuntimes, pluginBuilders, runtimesWithPlugins } from '../plugin-builders';
import { pluginLog, templateComponents } from '../plugin-components';
import { prepareWithPlugins } from '../plugin-prepare';
import { RunPlugins } from '../../plugins/run-plugins';
import { pluginProvisioning } from '../plugin-provisioning';
import { ResultRecorder, writeResultFile } from '../result-file';
import { BuildRenderer, machineLine } from '../ui/render';
import { parseTemplateCommand, splitList, templateFlags } from './template-flags';

/**
 * `kiln build`: Packer's build. Loads and checks the template as validate does (running data
 * sources), then runs the selected builds and prints their progress and artifacts. The first
 * SIGINT/SIGTERM cancels every build and cleans up; a second stops waiting for the cleanup.
 * With -fail-fast the first failed build cancels the others the same way.
 */

const ON_ERROR: readonly OnErrorPolicy[] = ['cleanup', 'abort', 'ask', 'run-cleanup-provisioner'];

const FLAGS: readonly FlagSpec[] = [
  {
    kind: 'bool',
    name: 'color',
    usage: 'If true, colour the output (default true; -color=false to disable).',
  },
  {
    kind: 'bool',
    name: 'debug',
    usage:
      'Debug mode: builds run one at a time and, on a terminal, pause after each step and before each provisioner.',
  },
  { kind: 'string', name: 'except', usage: 'Run all builds and post-processors other than these.' },
  {
    kind: 'bool',
    name: 'fail-fast',
    usage: 'Cancel the other builds (they clean up as on an interrupt) as soon as one build fails.',
  },
  { kind: 'string', name: 'only', usage: 'Build only the specified builds.' },
  {
    kind: 'string',
    name: 'result-file',
    usage:
      "Write the run's results (builds, statuses, artifacts, manifest entries, times) as JSON here, for kiln merge.",
  },
  {
    kind: 'bool',
    name: 'force',
    usage: 'Force a build to continue if artifacts exist, deletes existing artifacts.',
  },
  { kind: 'bool', name: 'machine-readable', usage: 'Produce machine-readable output.' },
  {
    kind: 'string',
    name: 'on-error',
    usage: 'If the build fails do: clean up (default), abort, ask, or run-cleanup-provisioner.',
  },
  {
    kind: 'string',
    name: 'parallel-builds',
    usage: 'Number of builds to run in parallel. 0 means no limit (default).',
  },
  {
    kind: 'bool',
    name: 'timestamp-ui',
    usage: 'Enable prefixing of each ui output with an RFC3339 timestamp.',
  },
  ...templateFlags,
  {
    kind: 'bool',
    name: 'warn-on-undeclared-var',
    usage: 'Show warnings for variable files containing undeclared variables.',
  },
  { kind: 'bool', name: 'use-sequential-evaluation', usage: 'Accepted for compatibility.' },
  { kind: 'bool', name: 'ignore-prerelease-plugins', usage: 'Accepted for compatibility.' },
  {
    kind: 'bool',
    name: 'skip-enforcement',
    usage: 'Skip injection of HCP Packer enforced provisioners (Kiln never fetches any).',
  },
];

export const BUILD_USAGE = `Usage: kiln build [options] TEMPLATE

  Will execute multiple builds in parallel as defined in the template.
  The various artifacts created by the template will be outputted.

Options:

${flagUsage(FLAGS)}
`;

export async function runBuild(args: readonly string[], commandIO: CommandIO): Promise<number> {
  // Replaced by a masking IO once the template's secrets are known (the closures below see it).
  let io = commandIO;
  const cmd = parseTemplateCommand(args, FLAGS, BUILD_USAGE, io, (parsed) => {
    let parallel = 0;
    let onError: OnErrorPolicy = 'cleanup';
    const p = parsed.strings.get('parallel-builds');
    if (p !== undefined) {
      if (!/^-?\d+$/.test(p))
        throw new FlagError(`invalid value "${p}" for flag -parallel-builds: parse error`);
      parallel = Math.max(0, Number(p));
    }
    const e = parsed.strings.get('on-error');
    if (e !== undefined) {
      if (!ON_ERROR.includes(e as OnErrorPolicy)) {
        throw new FlagError(
          `invalid value "${e}" for flag -on-error: must be one of ${ON_ERROR.map((x) => `"${x}"`).join(', ')}`,
        );
      }
      onError = e as OnErrorPolicy;
    }
    return { parallel, onError };
  });
  if ('exit' in cmd) return cmd.exit;
  const { parsed } = cmd;
  const { parallel, onError } = cmd.checked;

  // The run's own lines (Packer's c.Ui): plain, or `ui,say` / `ui,error` lines with -machine-readable.
  const machineReadable = parsed.bools.get('machine-readable') ?? false;
  const runUi = {
    say: (text: string) => io.stdout(machineReadable ? machineLine('', 'ui', ['say', text]) : `${text}\n`),
    error: (text: string) =>
      io.stderr(machineReadable ? machineLine('', 'ui', ['error', text]) : `${text}\n`),
  };
  const cancel = new AbortController();
  const hard = new AbortController();
  // -result-file: written however the command ends once the flags are read, so that `kiln merge`
  // hears of a job whose template did not even load.
  const resultPath = parsed.strings.get('result-file');
  const recorder = new ResultRecorder();
  // Secrets are known once the template has loaded; until then there is nothing to mask.
  let mask = (text: string): string => text;
  const finish = (code: number, run?: RunResult, error?: string): number => {
    if (resultPath === undefined || resultPath === '') return code;
    const file = path.resolve(io.cwd, resultPath);
    try {
      writeResultFile(file, recorder.result(run, io.cwd, error), mask);
    } catch (e) {
      runUi.error(`Could not write the result file ${file}: ${e instanceof Error ? e.message : String(e)}`);
      return 1;
    }
    io.observer?.resultFile?.(file);
    return code;
  };
  // Listening starts when the builds start. Before that, loading the template is mostly synchronous
  // evaluation, during which a listener could not run and would only keep the signal's default
  // action away: so an interrupt there ends Kiln at once, as it ends `packer validate`.
  let unsubscribe: (() => void) | undefined;
  const listen = (): void => {
    unsubscribe = io.onInterrupt?.(onInterrupt);
  };
  const onInterrupt = (signal: string): void => {
    if (!cancel.signal.aborted) {
      // Packer names the signal as Go prints it.
      const name = signal === 'SIGTERM' ? 'terminated' : signal === 'SIGPIPE' ? 'broken pipe' : 'interrupt';
      runUi.error(`Cancelling build after receiving ${name}`);
      cancel.abort();
    } else if (!hard.signal.aborted) {
      runUi.error('Second interrupt received: no longer waiting for cleanup.');
      hard.abort();
    }
  };
  // The plugins bridged builders run in, reaped however the command ends.
  let plugins: PluginRuntimes | undefined;
  let provisioning: PluginRuntimes | undefined;
  // Every plugin process of the run, from the template's loading on (see plugins/run-plugins.ts).
  const runId = randomUUID();
  const pluginRun = new RunPlugins({ runId, env: io.env, log: pluginLog(io), machineReadable });
  try {
    // The composition root: the components are known from here down, those Kiln does not
    // implement (or KILN_PLUGINS sends to their plugins) from installed plugins' schemas.
    const components = await templateComponents({
      path: cmd.template,
      cwd: io.cwd,
      env: io.env,
      log: pluginLog(io),
      run: pluginRun,
    });
    const { registry } = components;
    const loaded = await loadTemplate({
      path: cmd.template,
      cwd: io.cwd,
      env: io.env,
      vars: parsed.lists.get('var') ?? [],
      varFiles: parsed.lists.get('var-file') ?? [],
      warnOnUndeclaredVar: parsed.bools.get('warn-on-undeclared-var') ?? false,
      dataSources: 'execute',
      signal: cancel.signal,
      registry,
      dataSourceRuntimes: components.dataSourceRuntimes,
    });
    const { template } = loaded;
    // Sensitive values are known (and handed to the observer) before anything is printed; every
    // later text, diagnostic and build output is masked, as Packer's UI scrubs its messages.
    const secrets = templateSecrets(template);
    const masked = maskedCommandIO(io, secrets);
    io = masked.io;
    mask = masked.mask;
    const report = (diags: readonly Diagnostic[]) => {
      if (diags.length === 0) return;
      const text = renderDiagnostics(diags, template.files.asMap());
      if (!machineReadable) io.stderr(text);
      else if (hasErrors(diags)) runUi.error(text);
      else runUi.say(text);
      io.observer?.diagnostics?.(diags, template.files.asMap());
    };
    for (const stage of [
      template.diagnostics,
      [...components.diagnostics, ...template.initDiagnostics],
      template.buildDiagnostics ?? [],
    ]) {
      report(stage);
      if (hasErrors(stage)) return finish(1, undefined, templateError(stage));
    }
    // Bridged components are prepared by their plugins, as Packer's GetBuilds does.
    const prepared = await prepareWithPlugins(
      (reg) =>
        prepareBuilds(loaded, {
          only: splitList(parsed.strings.get('only')),
          except: splitList(parsed.strings.get('except')),
          registry: reg,
        }),
      registry,
      {
        env: io.env,
        debug: parsed.bools.get('debug') ?? false,
        force: parsed.bools.get('force') ?? false,
        onError,
        legacy: template.syntax === 'json',
        log: pluginLog(io),
        run: pluginRun,
      },
    );
    // A builder process held for a build the template did not select is not needed any more.
    await pluginRun.closeIdle();
    report(prepared.diagnostics);
    if (hasErrors(prepared.diagnostics)) return finish(1, undefined, templateError(prepared.diagnostics));
    if (prepared.builds.length === 0) {
      report([
        errorDiag(
          'No builds to run',
          'A build command cannot run without at least one build to process. If the only or except ' +
            'flags have been specified at run time check that at least one build is selected for execution.',
        ),
      ]);
      return finish(1, undefined, 'No builds to run.');
    }

    const renderer = new BuildRenderer({
      color:
        (parsed.bools.get('color') ?? true) &&
        io.env.PACKER_NO_COLOR === undefined &&
        io.env.NO_COLOR === undefined,
      timestamps: parsed.bools.get('timestamp-ui') ?? false,
      machineReadable,
      write: (text, build) =>
        io.observer?.buildOutput ? io.observer.buildOutput(build, text, 'stdout') : io.stdout(text),
      writeError: (text, build) =>
        io.observer?.buildOutput ? io.observer.buildOutput(build, text, 'stderr') : io.stderr(text),
    });
    // Packer 1.15.2+: enforced provisioners come from HCP Packer, which Kiln does not talk to; the
    // flag still says what Packer says.
    if (parsed.bools.get('skip-enforcement')) {
      runUi.say('Skipping HCP Packer enforced provisioners (--skip-enforcement flag set)');
    }
    const debug = parsed.bools.get('debug') ?? false;
    if (debug) runUi.say('Debug mode enabled. Builds will not be parallelized.');
    const started = Date.now();
    plugins = pluginBuilders(prepared.builds, {
      env: io.env,
      legacy: template.syntax === 'json',
      log: pluginLog(io),
      run: pluginRun,
    });
    // Bridged provisioners and post-processors run through their plugins too.
    provisioning = pluginProvisioning(prepared.builds, {
      env: io.env,
      legacy: template.syntax === 'json',
      log: pluginLog(io),
      run: pluginRun,
    });
    const runtimes = runtimesWithPlugins(builtinRuntimes(), plugins.runtimes, provisioning.runtimes);
    const running = [plugins, provisioning];
    listen();
    const run = await runBuilds(prepared.builds, runtimes, templateRunTimeDecoder, {
      runId,
      parallelBuilds: debug ? 1 : parallel,
      onError,
      force: parsed.bools.get('force') ?? false,
      debug,
      signal: cancel.signal,
      hardSignal: hard.signal,
      failFast: parsed.bools.get('fail-fast') ?? false,
      events: (e) => {
        renderer.event(e);
        recorder.event(e);
        if (e.type === 'fail-fast')
          runUi.error(`Build '${e.build}' failed; cancelling the other builds (-fail-fast).`);
        io.observer?.event?.(e);
      },
      secrets,
      // Generated secrets (keys, passwords) are masked in the command's own lines too.
      onSecret: masked.addSecret,
      cwd: io.cwd,
      templateDir: template.root,
      // Questions (on-error=ask, breakpoint) only on a terminal; elsewhere they are not asked.
      ...(io.stdinIsTTY && io.prompt ? { ask: io.prompt } : {}),
      ...(io.outputBacklog ? { outputBacklog: io.outputBacklog } : {}),
      // The plugins whose artifacts the run used are reaped however it ended.
    }).finally(() => Promise.all(running.map((p) => p.close())));
    renderer.summary(run, Date.now() - started);
    if (run.failFast) {
      const { build, cancelled } = run.failFast;
      runUi.error(
        cancelled.length === 0
          ? `-fail-fast: build '${build}' failed; no other build was left to cancel.`
          : `-fail-fast: build '${build}' failed, so ${cancelled.length} other build${cancelled.length === 1 ? ' was' : 's were'} cancelled: ${cancelled.join(', ')}.`,
      );
    }
    if (run.abandoned) {
      runUi.error(
        'Stopped waiting for cleanup after a second interrupt. What the cancelled builds created may\n' +
          'still exist; each is listed (kind, id, where) in:\n' +
          run.ledgers.map((l) => `  ${l}`).join('\n'),
      );
    } else if (run.ledgers.length > 0) {
      // A cleanup that failed, or -on-error=abort: say where the list is and how to empty it.
      runUi.error(
        `Some resources the build${run.ledgers.length === 1 ? '' : 's'} created were not deleted; ` +
          'each is listed (kind, id, where) in:\n' +
          run.ledgers.map((l) => `  ${l}`).join('\n') +
          `\nDelete them with: kiln sweep ${run.ledgers.join(' ')}`,
      );
    }
    io.observer?.runFinished?.(run);
    return finish(run.cancelled || run.results.some((r) => r.error !== undefined) ? 1 : 0, run);
  } finally {
    unsubscribe?.();
    await Promise.all([plugins?.close(), provisioning?.close()]);
    await pluginRun.close();
  }
}

/** The result file's `error` for a template that stopped the command before any build ran. */
function templateError(diags: readonly Diagnostic[]): string {
  const errors = diags.filter((d) => d.severity === 'error');
  return `The template has ${errors.length} error${errors.length === 1 ? '' : 's'}; nothing was built: ${errors.map((d) => d.summary).join('; ')}`;
}
