import { MapStateBag } from '../../src/engine/state';
import type {
  BuildInfo,
  BuildUI,
  LedgerResource,
  ResourceLedger,
  StateBag,
  StepContext,
} from '../../src/engine/types';

/** Stand-ins for what the engine hands a step or a communicator: a recording UI, a ledger, a step context. */

export interface FakeUI extends BuildUI {
  /** say, message and error calls in order, as `say …`, `message …`, `error …`. */
  readonly lines: string[];
  /** The texts of say() alone. */
  readonly said: string[];
  /** What addSecret() was given. */
  readonly secrets: string[];
  /** The questions ask() was asked. */
  readonly asked: string[];
}

/** A UI that shows nothing and records what it was told; ask() answers from `answers`, then undefined. */
export function fakeUI(answers: string[] = []): FakeUI {
  const lines: string[] = [];
  const said: string[] = [];
  const secrets: string[] = [];
  const asked: string[] = [];
  return {
    lines,
    said,
    secrets,
    asked,
    say: (t) => {
      said.push(t);
      lines.push(`say ${t}`);
    },
    message: (t) => void lines.push(`message ${t}`),
    error: (t) => void lines.push(`error ${t}`),
    output: () => undefined,
    addSecret: (s) => void secrets.push(s),
    ask: (q) => {
      asked.push(q);
      return Promise.resolve(answers.shift());
    },
  };
}

export interface FakeLedger extends ResourceLedger {
  /** The ids recorded and not released. */
  readonly recorded: Set<string>;
}

/** A ledger in memory (no file). */
export function fakeLedger(runId = 'run-test'): FakeLedger {
  const resources = new Map<string, LedgerResource>();
  const recorded = new Set<string>();
  return {
    path: '',
    runId,
    recorded,
    record: (r) => {
      resources.set(r.id, r);
      recorded.add(r.id);
    },
    release: (id) => {
      resources.delete(id);
      recorded.delete(id);
    },
    outstanding: () => [...resources.values()],
  };
}

/** What a build is when a test says nothing else: not debug, cleanup on error, nothing on disk. */
export function fakeBuildInfo(over: Partial<BuildInfo> = {}): BuildInfo {
  return {
    name: 'null.test',
    buildName: 'test',
    builderType: 'null',
    runId: 'run-test',
    tempDir: '/nonexistent',
    force: false,
    onError: 'cleanup',
    debug: false,
    templateDir: '/nonexistent',
    cwd: '/nonexistent',
    ...over,
  };
}

export interface FakeStepContextOptions {
  readonly build?: Partial<BuildInfo>;
  readonly ui?: BuildUI;
  readonly ledger?: ResourceLedger;
  readonly state?: StateBag;
  readonly signal?: AbortSignal;
}

/** A step context over fakes: a fresh state bag, a signal never aborted unless given one. */
export function fakeStepContext(opts: FakeStepContextOptions = {}): StepContext {
  return {
    signal: opts.signal ?? new AbortController().signal,
    ui: opts.ui ?? fakeUI(),
    state: opts.state ?? new MapStateBag(),
    ledger: opts.ledger ?? fakeLedger(),
    build: fakeBuildInfo(opts.build),
  };
}
