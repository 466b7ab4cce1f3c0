import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { MapStateBag } from '../../src/engine/state';
import type {
  BuildUI,
  LedgerResource,
  ProvisionHook,
  ResourceLedger,
  StepContext,
  StepCleanupContext,
  Communicator,
  GeneratedData,
} from '../../src/engine/types';

/**
 * A StepContext for running builder steps in unit tests: what the UI was told (in order, by
 * level), a ledger in memory, a real temp dir as the build's, and an AbortController to cancel.
 */

export interface UiLine {
  readonly level: 'say' | 'message' | 'error';
  readonly text: string;
}

export interface TestContext {
  readonly ctx: StepContext;
  readonly lines: UiLine[];
  /** What the ledger holds now (recorded and not released). */
  readonly ledger: Map<string, LedgerResource>;
  /** Every id ever recorded, in order. */
  readonly recorded: string[];
  readonly abort: AbortController;
  readonly tempDir: string;
  /** The texts of one level. */
  said(level?: UiLine['level']): string[];
}

/** Every context's temp dir goes at the end of the test file that made it. */
const tempDirs: string[] = [];
afterAll(() => {
  for (const dir of tempDirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

export function stepContext(over: { cwd?: string; runId?: string } = {}): TestContext {
  const lines: UiLine[] = [];
  const held = new Map<string, LedgerResource>();
  const recorded: string[] = [];
  const abort = new AbortController();
  const tempDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kiln-steps-'));
  tempDirs.push(tempDir);
  const ui: BuildUI = {
    say: (text) => lines.push({ level: 'say', text }),
    message: (text) => lines.push({ level: 'message', text }),
    error: (text) => lines.push({ level: 'error', text }),
    output: () => undefined,
    addSecret: () => undefined,
  };
  const ledger: ResourceLedger = {
    path: path.join(tempDir, 'ledger.jsonl'),
    runId: over.runId ?? 'run-1',
    record: (r) => {
      recorded.push(r.id);
      held.set(r.id, r);
    },
    release: (id) => {
      held.delete(id);
    },
    outstanding: () => [...held.values()],
  };
  const ctx: StepContext = {
    signal: abort.signal,
    ui,
    state: new MapStateBag(),
    ledger,
    build: {
      name: 'docker.test',
      buildName: 'test',
      builderType: 'docker',
      runId: over.runId ?? 'run-1',
      tempDir,
      force: false,
      onError: 'cleanup',
      debug: false,
      templateDir: over.cwd ?? tempDir,
      cwd: over.cwd ?? tempDir,
    },
  };
  return {
    ctx,
    lines,
    ledger: held,
    recorded,
    abort,
    tempDir,
    said: (level) => lines.filter((l) => level === undefined || l.level === level).map((l) => l.text),
  };
}

/** A ProvisionHook that records what it was given; `fail` makes run throw, `during` runs inside it. */
export class FakeProvision implements ProvisionHook {
  runs: { communicator: Communicator; generated: GeneratedData }[] = [];
  cleanups: StepCleanupContext['outcome'][] = [];
  fail?: Error;
  during?: (ctx: StepContext) => void;

  run(communicator: Communicator, generated: GeneratedData, ctx: StepContext): Promise<void> {
    this.runs.push({ communicator, generated });
    this.during?.(ctx);
    return this.fail ? Promise.reject(this.fail) : Promise.resolve();
  }

  cleanup(ctx: StepCleanupContext): Promise<void> {
    this.cleanups.push(ctx.outcome);
    return Promise.resolve();
  }
}
