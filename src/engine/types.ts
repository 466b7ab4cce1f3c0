import type { Readable, Writable } from 'node:stream';

import type { DecodedConfig, FieldList, UntypedFields } from '../schema/types';

/**
 * The build engine's contracts: steps with cleanup (Packer's multistep), the UI every component
 * writes to, communicators, artifacts, the resource ledger, and the runtime side of builders,
 * provisioners and post-processors. Components implement these; the engine (src/engine) runs them;
 * the CLI and the GitHub Action only see events.
 */

// ---------------------------------------------------------------------------------------------
// UI and events

/**
 * What a component writes. Every text is masked (sensitive values, generated keys and passwords)
 * before it leaves the engine, so components never mask anything themselves.
 */
export interface BuildUI {
  /** Packer's ui.Say: a `==> build: text` line. */
  say(text: string): void;
  /** Packer's ui.Message: an indented `    build: text` line. */
  message(text: string): void;
  /** Packer's ui.Error. */
  error(text: string): void;
  /** Output of a remote or local command, streamed as it arrives (not line-buffered by the caller). */
  output(stream: 'stdout' | 'stderr', text: string): void;
  /**
   * After output(): a promise while the reader of Kiln's output is behind, resolving when it has
   * caught up; the producer stops reading the command's output until then (see output-pacing.ts).
   */
  outputBacklog?(): Promise<void> | undefined;
  /** Registers a secret (generated password, private key...) to be masked from now on. */
  addSecret(secret: string): void;
  /** Announces a file the run produced for the user (the manifest), for surfaces that expose it. */
  outputFile?(role: 'manifest', path: string, entry?: Readonly<Record<string, unknown>>): void;
  /** Asks the user on a TTY (on-error=ask, breakpoint); resolves undefined when there is no TTY. */
  ask?(question: string, signal: AbortSignal): Promise<string | undefined>;
}

export type BuildEvent =
  | {
      readonly type: 'run-start';
      readonly runId: string;
      readonly builds: readonly string[];
      readonly time: number;
    }
  | {
      readonly type: 'build-start';
      readonly build: string;
      readonly builderType: string;
      /** The build's resource ledger file (exists once a resource is recorded): for a later sweep. */
      readonly ledger: string;
      readonly time: number;
    }
  | { readonly type: 'step-start'; readonly build: string; readonly step: string; readonly time: number }
  | {
      readonly type: 'step-end';
      readonly build: string;
      readonly step: string;
      readonly time: number;
      readonly durationMs: number;
      readonly error?: string;
    }
  | {
      readonly type: 'ui';
      readonly build: string;
      /**
       * The name the line is shown under when it is not the build's: a post-processor's own UI is
       * Packer's TargetedUI with the target `<build> (<type>)`.
       */
      readonly target?: string;
      readonly level: 'say' | 'message' | 'error';
      readonly text: string;
      readonly time: number;
    }
  | {
      readonly type: 'output';
      readonly build: string;
      /** As the `ui` event's. */
      readonly target?: string;
      readonly stream: 'stdout' | 'stderr';
      readonly text: string;
      readonly time: number;
    }
  | {
      readonly type: 'artifact';
      readonly build: string;
      readonly artifact: ArtifactInfo;
      readonly time: number;
    }
  | {
      readonly type: 'output-file';
      readonly build: string;
      readonly role: 'manifest';
      /** Absolute path. */
      readonly path: string;
      /** The entry the manifest post-processor added for this build (for result files and `kiln merge`). */
      readonly entry?: Readonly<Record<string, unknown>>;
      readonly time: number;
    }
  | {
      readonly type: 'build-end';
      readonly build: string;
      readonly time: number;
      readonly durationMs: number;
      /** Absent on success. */
      readonly error?: string;
      readonly cancelled: boolean;
    }
  | {
      /** -fail-fast: `build` failed, so every other build is being cancelled. */
      readonly type: 'fail-fast';
      readonly build: string;
      readonly error: string;
      readonly time: number;
    }
  | {
      readonly type: 'run-end';
      readonly time: number;
      readonly cancelled: boolean;
      readonly failed: readonly string[];
    };

export type EventSink = (event: BuildEvent) => void;

// ---------------------------------------------------------------------------------------------
// Steps

/** Packer's state bag, typed by key. */
export class StateKey<T> {
  constructor(readonly name: string) {}
  /** Type-only marker. */
  declare readonly _type?: T;
}

export interface StateBag {
  get<T>(key: StateKey<T>): T | undefined;
  require<T>(key: StateKey<T>): T;
  set<T>(key: StateKey<T>, value: T): void;
  delete(key: StateKey<unknown>): void;
}

export interface StepContext {
  readonly signal: AbortSignal;
  readonly ui: BuildUI;
  readonly state: StateBag;
  readonly ledger: ResourceLedger;
  readonly build: BuildInfo;
}

/**
 * One step of a builder: `run` does the work and throws to halt the build (the error is shown and
 * the build fails); `cleanup` undoes it and is called, in reverse order, for every step whose run
 * started, on success, failure and cancellation alike. Cleanup must not throw for resources that
 * are already gone.
 */
export interface Step {
  readonly name: string;
  run(ctx: StepContext): Promise<void>;
  cleanup?(ctx: StepCleanupContext): Promise<void>;
}

/** A step's cleanup also knows how the steps ended. */
export type StepCleanupContext = StepContext & { readonly outcome: StepsOutcome };

export type StepsOutcome = 'success' | 'failed' | 'cancelled';

// ---------------------------------------------------------------------------------------------
// Builds

export type OnErrorPolicy = 'cleanup' | 'abort' | 'ask' | 'run-cleanup-provisioner';

export interface BuildInfo {
  /** What Packer prints: `<build.name>.<type>.<name>` or `<type>.<name>`. */
  readonly name: string;
  /** Packer's BuildName as components see it (`{{build_name}}`, PACKER_BUILD_NAME): the source name. */
  readonly buildName: string;
  readonly builderType: string;
  /** PACKER_RUN_UUID, shared by every build of one run. */
  readonly runId: string;
  /** A directory private to this build (removed after it): temp keys, scripts, the ledger file. */
  readonly tempDir: string;
  readonly force: boolean;
  readonly onError: OnErrorPolicy;
  readonly debug: boolean;
  /** path.root of the template, for relative paths (Packer resolves most against cwd). */
  readonly templateDir: string;
  readonly cwd: string;
}

// ---------------------------------------------------------------------------------------------
// Communicators

export interface RemoteCommand {
  readonly command: string;
  readonly stdin?: Readable;
  /**
   * Each chunk of output as it arrives. A returned promise is backpressure: the communicator
   * reads no more of the command's output until it settles.
   */
  readonly onStdout?: (chunk: Buffer) => Promise<void> | undefined | void;
  readonly onStderr?: (chunk: Buffer) => Promise<void> | undefined | void;
}

export interface RemoteCommandResult {
  /** The command's exit status; RemoteDisconnectedError is thrown instead when the connection drops. */
  readonly exitStatus: number;
}

/** The connection dropped while a command ran (Packer's exit status 2300218): `expect_disconnect`. */
export class RemoteDisconnectedError extends Error {
  constructor(message = 'remote command exited without exit status or exit signal') {
    super(message);
    this.name = 'RemoteDisconnectedError';
  }
}

export interface FileMode {
  /** Unix permission bits; default 0o644 for files, 0o755 for directories. */
  readonly mode?: number;
  /** Size in bytes when known (lets a transfer report progress; never required). */
  readonly size?: number;
  /**
   * The source file's base name, when there is one: WinRM puts the file under it when the
   * destination ends in `\` (a directory), as Packer's WinRM communicator does with the FileInfo.
   */
  readonly name?: string;
}

/**
 * Packer's packersdk.Communicator. Transfers stream: no implementation may buffer a whole file.
 * Directory transfers follow Packer's trailing-slash rules: `src/` copies the contents of src into
 * dst, `src` copies the directory itself into dst.
 */
export interface Communicator {
  readonly type: 'ssh' | 'docker' | 'none' | string;
  start(cmd: RemoteCommand, signal: AbortSignal): Promise<RemoteCommandResult>;
  upload(destination: string, source: Readable, mode: FileMode, signal: AbortSignal): Promise<void>;
  uploadDir(
    destination: string,
    sourceDir: string,
    exclude: readonly string[],
    signal: AbortSignal,
  ): Promise<void>;
  download(path: string, destination: Writable, signal: AbortSignal): Promise<void>;
  downloadDir(
    sourceDir: string,
    destination: string,
    exclude: readonly string[],
    signal: AbortSignal,
  ): Promise<void>;
  /** Closes connections; idempotent. */
  close(): Promise<void>;
}

// ---------------------------------------------------------------------------------------------
// Artifacts

/** The serialisable part of an artifact (events, manifest, action outputs). */
export interface ArtifactInfo {
  /** Which component produced it (Packer's BuilderId, e.g. `packer.docker`, `mitchellh.amazonebs`). */
  readonly builderId: string;
  /** Packer's Id(): an image ID, `region:ami,region:ami`, ... */
  readonly id: string;
  readonly files: readonly string[];
  /** Packer's String(). */
  readonly description: string;
  /** Packer's State(name) values that other components read (e.g. `atlas.artifact.metadata`, `generated_data`). */
  readonly state: Readonly<Record<string, unknown>>;
}

export interface Artifact extends ArtifactInfo {
  /** Deletes what the artifact holds (a post-processor's input that is not kept). */
  destroy(): Promise<void>;
}

// ---------------------------------------------------------------------------------------------
// Resource ledger

/** One external resource a step created (container, image, temp key file, instance, key pair...). */
export interface LedgerResource {
  /** Unique within the run: e.g. a container ID, an AMI ID, an absolute temp path. */
  readonly id: string;
  /** What sweeps it: `docker-container`, `docker-image`, `temp-path`, `aws-instance`, ... */
  readonly kind: string;
  /** Enough to delete it from another process: host/socket, region, ... (never secrets). */
  readonly data: Readonly<Record<string, string>>;
}

/**
 * Every resource is recorded the moment it is created and struck off when it is deleted, in a file
 * that survives the process (JSON lines), tagged with the run ID: a killed build can be swept.
 */
export interface ResourceLedger {
  /** The ledger file's path. */
  readonly path: string;
  readonly runId: string;
  record(resource: LedgerResource): void;
  release(id: string): void;
  /** Recorded and not released, in creation order. */
  outstanding(): readonly LedgerResource[];
}

// ---------------------------------------------------------------------------------------------
// Component runtimes

/** Values a builder generated for provisioners (`build.Host`, `build.ID`, `{{ .SourceAMI }}`...). */
export type GeneratedData = Readonly<Record<string, string>>;

/**
 * What a builder's `provision` step calls (Packer's StepProvision). Builders name that step
 * PROVISION_STEP (src/engine/steps.ts): -on-error=run-cleanup-provisioner cleans up that step only.
 */
export interface ProvisionHook {
  /**
   * Once the machine is reachable: runs the build's provisioners over `communicator`. Throws when
   * provisioning fails or is cancelled.
   */
  run(communicator: Communicator, generated: GeneratedData, ctx: StepContext): Promise<void>;
  /**
   * The step's cleanup: when any step failed (provisioning or a later one), says so and runs the
   * error-cleanup-provisioner over the same communicator, as Packer's StepProvision.Cleanup does.
   */
  cleanup(ctx: StepCleanupContext): Promise<void>;
}

/**
 * The runtimes take their component's field list (`typeof FIELDS`) so that they read the decoded
 * options through a typed view; the engine holds them untyped (the default) and pairs each with the
 * configuration its schema decoded.
 */
export interface BuilderRuntime<F extends FieldList = UntypedFields> {
  readonly type: string;
  /** Runs the builder's steps; returns its artifact, or undefined when it produced none. */
  run(config: DecodedConfig<F>, ctx: StepContext, provision: ProvisionHook): Promise<Artifact | undefined>;
}

export interface ProvisionContext extends StepContext {
  readonly communicator: Communicator;
  readonly generated: GeneratedData;
}

export interface ProvisionerRuntime<F extends FieldList = UntypedFields> {
  readonly type: string;
  provision(config: DecodedConfig<F>, ctx: ProvisionContext): Promise<void>;
}

export interface PostProcessorResult {
  /** Absent when the post-processor produced none: Packer halts the chain there, with no error. */
  readonly artifact?: Artifact;
  /** The component's own preference to keep its input; keep_input_artifact in the template overrides it. */
  readonly keepInput: boolean;
  /** True when the component insists on its keepInput choice (Packer's forceOverride). */
  readonly forceOverride: boolean;
}

export interface PostProcessorRuntime<F extends FieldList = UntypedFields> {
  readonly type: string;
  postProcess(config: DecodedConfig<F>, input: Artifact, ctx: StepContext): Promise<PostProcessorResult>;
}

// ---------------------------------------------------------------------------------------------
// Running builds (src/engine/run.ts implements runBuilds with these)

export interface RunOptions {
  /** -parallel-builds: 0 means unlimited. */
  readonly parallelBuilds: number;
  readonly onError: OnErrorPolicy;
  readonly force: boolean;
  readonly debug: boolean;
  /** Aborted on the first SIGINT/SIGTERM: every build is cancelled and cleaned up. */
  readonly signal: AbortSignal;
  /**
   * Aborted on the second signal: stop waiting for cleanup (resources left are still in the ledger
   * for a later sweep).
   */
  readonly hardSignal?: AbortSignal;
  readonly events: EventSink;
  /** Values to mask from the start (sensitive variables); components add generated ones via the UI. */
  readonly secrets: readonly string[];
  /** Hears of every secret to mask (the initial ones and those components generate), first. */
  readonly onSecret?: (secret: string) => void;
  readonly cwd: string;
  readonly templateDir: string;
  /** Where build temp directories (and ledger files) go; default os.tmpdir(). */
  readonly tempRoot?: string;
  /** PACKER_RUN_UUID; generated when absent. */
  readonly runId?: string;
  /** Interactive questions (on-error=ask, breakpoint); absent when stdin is not a TTY. */
  readonly ask?: (question: string, signal: AbortSignal) => Promise<string | undefined>;
  /** Whether the reader of the run's output is behind (see output-pacing.ts); absent: never. */
  readonly outputBacklog?: () => Promise<void> | undefined;
  /** -fail-fast: the first build that fails cancels the others, which clean up as on an interrupt. */
  readonly failFast?: boolean;
}

export interface BuildResult {
  readonly name: string;
  readonly builderType: string;
  /** The source's name (`app` in `docker.app`), as the manifest's `name`. */
  readonly sourceName: string;
  readonly artifacts: readonly ArtifactInfo[];
  /** Absent when the build succeeded. */
  readonly error?: string;
  readonly cancelled: boolean;
  readonly durationMs: number;
  /** The build's ledger file when it left resources behind (on-error=abort, failed cleanup, kill). */
  readonly ledger?: string;
}

export interface RunResult {
  readonly runId: string;
  readonly results: readonly BuildResult[];
  readonly cancelled: boolean;
  /** True when a second signal stopped the run from waiting for its builds' cleanup. */
  readonly abandoned?: boolean;
  /** Ledger files of the run's builds (each build's temp dir has one), for sweeping. */
  readonly ledgers: readonly string[];
  /** With -fail-fast, when a failure cancelled the run: which build failed and which were cancelled. */
  readonly failFast?: FailFastStop;
}

export interface FailFastStop {
  /** The build whose failure stopped the run. */
  readonly build: string;
  readonly error: string;
  /** The builds cancelled because of it (running ones, and those not yet started). */
  readonly cancelled: readonly string[];
}
