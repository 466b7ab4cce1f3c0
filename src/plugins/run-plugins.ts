import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { type LaunchOptions, launchPluginComponent } from './bridge/load';
import type { PrepareResult } from './bridge/prepare';
import type { PluginComponent } from './discovery';
import type { RunningComponent } from './launch';

/**
 * The plugin processes of one `kiln build`, kept as Packer core keeps them: a builder's plugin is
 * started once per build and asked for its ConfigSpec, then its Prepare, then its Run, on that one
 * process (hcl2template's startBuilder, then CoreBuild.Run). Kiln asks for the schema once per type
 * before the builds are known, so the process that answered it is held for the first build of that
 * type to prepare on; a prepared builder is handed over to the build's run, which then does not
 * prepare again. Whatever is still held when the run ends is closed here.
 *
 * Every plugin of the run is started with what Packer core adds to the environment its plugins
 * inherit: PACKER_RUN_UUID, PACKER_NO_COLOR=1 under -machine-readable, and PACKER_TMP_DIR — which Packer leaves to the user; Kiln points it
 * at a directory of the run's own (unless the user set one), removed once every plugin is reaped.
 * The plugin's stderr is its log: each line goes to `log` as `<type>: <line>`, and to whoever
 * listens on that process (a build reading it for what the plugin creates).
 */

export interface RunPluginsOptions {
  /** PACKER_RUN_UUID of the run (the engine's runId). */
  readonly runId: string;
  /** The command's environment: a PACKER_TMP_DIR the user set is theirs. */
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly log?: (line: string) => void;
  /** `-machine-readable`: Packer sets PACKER_NO_COLOR=1 in its own environment, plugins inherit it. */
  readonly machineReadable?: boolean;
  /** Where the run's PACKER_TMP_DIR is made (default: the OS temporary directory). */
  readonly tempRoot?: string;
  /** How a component is started (tests pass fakes). */
  readonly launch?: (component: PluginComponent, opts: LaunchOptions) => Promise<RunningComponent>;
}

/** A builder prepared for one build, waiting for its Run. */
export interface PreparedBuilder {
  readonly running: RunningComponent;
  readonly prepare: PrepareResult;
}

/** The directory made for PACKER_TMP_DIR starts with this. */
export const RUN_TMP_PREFIX = 'kiln-plugins-';

export class RunPlugins {
  private tmpDir: string | undefined;
  private readonly listeners = new WeakMap<RunningComponent, (line: string) => void>();
  private readonly idle = new Map<string, RunningComponent[]>();
  private readonly prepared = new Map<string, PreparedBuilder>();
  /** Build names prepared twice (two builds of one name): neither gets a handed-over process. */
  private readonly ambiguous = new Set<string>();

  constructor(private readonly opts: RunPluginsOptions) {}

  /** What Packer core adds to its plugins' environment (the directory is made on first use). */
  environment(): Record<string, string> {
    const out: Record<string, string> = {
      PACKER_RUN_UUID: this.opts.runId,
      ...(this.opts.machineReadable ? { PACKER_NO_COLOR: '1' } : {}),
    };
    const own = this.opts.env.PACKER_TMP_DIR;
    if (own !== undefined && own !== '') return out;
    this.tmpDir ??= fs.mkdtempSync(path.join(this.opts.tempRoot ?? os.tmpdir(), RUN_TMP_PREFIX));
    return { ...out, PACKER_TMP_DIR: this.tmpDir };
  }

  /** Starts a component with the run's environment; its stderr goes to the log and its listener. */
  async launch(component: PluginComponent): Promise<RunningComponent> {
    const launch = this.opts.launch ?? launchPluginComponent;
    const { log } = this.opts;
    // Lines can come before the launch resolves: they have no listener yet.
    const started: { running?: RunningComponent } = {};
    started.running = await launch(component, {
      env: this.environment(),
      onStderr: (c, line) => {
        log?.(`${c.type}: ${line}`);
        if (started.running) this.listeners.get(started.running)?.(line);
      },
    });
    return started.running;
  }

  /** From now on, each stderr line of a process started by launch() also goes to `listener`. */
  listen(running: RunningComponent, listener: (line: string) => void): void {
    this.listeners.set(running, listener);
  }

  /** Keeps a started component for a later take() of the same component. */
  hold(component: PluginComponent, running: RunningComponent): void {
    const key = componentKey(component);
    this.idle.set(key, [...(this.idle.get(key) ?? []), running]);
  }

  /** A held process of `component`, now the caller's; undefined when none is held. */
  take(component: PluginComponent): RunningComponent | undefined {
    const key = componentKey(component);
    const list = this.idle.get(key);
    const running = list?.shift();
    if (list && list.length === 0) this.idle.delete(key);
    return running;
  }

  /** A builder prepared for the build named `build`, for its run to claim. */
  handOver(build: string, prepared: PreparedBuilder): void {
    if (this.ambiguous.has(build) || this.prepared.has(build)) {
      const earlier = this.prepared.get(build);
      this.prepared.delete(build);
      this.ambiguous.add(build);
      void earlier?.running.close();
      void prepared.running.close();
      return;
    }
    this.prepared.set(build, prepared);
  }

  /** The builder prepared for `build`, now the caller's to run and close. */
  claim(build: string): PreparedBuilder | undefined {
    const prepared = this.prepared.get(build);
    this.prepared.delete(build);
    return prepared;
  }

  /** Closes the processes held for a take() that no longer comes. */
  async closeIdle(): Promise<void> {
    const idle = [...this.idle.values()].flat();
    this.idle.clear();
    await Promise.allSettled(idle.map((r) => r.close()));
  }

  /**
   * Closes everything still held or handed over and unclaimed, then removes the run's
   * PACKER_TMP_DIR — call it once every other plugin process of the run is reaped.
   */
  async close(): Promise<void> {
    const prepared = [...this.prepared.values()].map((p) => p.running);
    this.prepared.clear();
    await Promise.allSettled([this.closeIdle(), ...prepared.map((r) => r.close())]);
    if (this.tmpDir !== undefined) fs.rmSync(this.tmpDir, { recursive: true, force: true });
    this.tmpDir = undefined;
  }
}

function componentKey(c: PluginComponent): string {
  return `${c.binary}\0${c.kind}\0${c.name}`;
}
