import * as fs from 'node:fs';
import * as path from 'node:path';

import { errorMessage } from './abort';
import { LEDGER_FILE, readLedger } from './ledger';
import type { LedgerResource } from './types';

/**
 * Sweeping: deleting what a build recorded in its ledger and never struck off — because the process
 * was killed, a second signal abandoned cleanup, or on-error=abort kept it. `kiln sweep` and the
 * GitHub Action's post step use this. A resource that is already gone is not a failure.
 */

/** 'deleted': the sweeper removed it; 'gone': it no longer existed. Throws when it could not. */
export type SweepOutcome = 'deleted' | 'gone';

/** Deletes one kind of resource from its ledger entry (id + data), from any process. */
export type Sweeper = (resource: LedgerResource, signal: AbortSignal) => Promise<SweepOutcome>;

/**
 * Finds what a run created by the tag it carries (a container named after the run, a cloud resource
 * tagged with the run ID): the safety net when a ledger is lost or a resource was never recorded.
 */
export type RunFinder = (runId: string, signal: AbortSignal) => Promise<LedgerResource[]>;

export interface SweepReport {
  readonly ledger: string;
  readonly runId?: string;
  readonly deleted: readonly LedgerResource[];
  readonly gone: readonly LedgerResource[];
  readonly failed: readonly { readonly resource: LedgerResource; readonly error: string }[];
  /** True when the ledger belongs to another run than the one asked for (left untouched). */
  readonly otherRun: boolean;
  /** True when the build's temp directory (ledger included) was removed. */
  readonly removedDir: boolean;
}

/** Build temp directories are named so by the engine (src/engine/build.ts); nothing else is removed. */
const BUILD_DIR_PREFIX = 'kiln-build-';

/** Temp files and directories: removed from the local disk. */
export const sweepTempPath: Sweeper = async (resource) => {
  if (!fs.existsSync(resource.id)) return 'gone';
  await fs.promises.rm(resource.id, { recursive: true, force: true });
  return 'deleted';
};

export interface SweepOptions {
  readonly sweepers: ReadonlyMap<string, Sweeper>;
  readonly signal: AbortSignal;
  /** Only sweep a ledger written by this run (the action's post step knows its run ID). */
  readonly runId?: string;
  /** Called as each resource is dealt with, for progress lines. */
  readonly progress?: (resource: LedgerResource, outcome: SweepOutcome | Error) => void;
}

/**
 * Sweeps one ledger: every outstanding resource, newest first (the order cleanup would have used),
 * each struck off in the ledger as it goes; then the build's temp directory when nothing is left.
 */
export async function sweepLedger(ledgerPath: string, opts: SweepOptions): Promise<SweepReport> {
  const { runId, outstanding } = readLedger(ledgerPath);
  const deleted: LedgerResource[] = [];
  const gone: LedgerResource[] = [];
  const failed: { resource: LedgerResource; error: string }[] = [];
  const base = { ledger: ledgerPath, ...(runId !== undefined ? { runId } : {}) };
  if (opts.runId !== undefined && runId !== undefined && runId !== opts.runId)
    return { ...base, deleted, gone, failed, otherRun: true, removedDir: false };

  for (const resource of [...outstanding].reverse()) {
    if (await sweepOne(resource, opts, { deleted, gone, failed }))
      strikeOff(ledgerPath, runId ?? opts.runId ?? '', resource.id);
  }
  const dir = path.dirname(ledgerPath);
  const removedDir =
    failed.length === 0 && path.basename(dir).startsWith(BUILD_DIR_PREFIX) && fs.existsSync(dir);
  if (removedDir) fs.rmSync(dir, { recursive: true, force: true });
  return { ...base, deleted, gone, failed, otherRun: false, removedDir };
}

interface Tally {
  readonly deleted: LedgerResource[];
  readonly gone: LedgerResource[];
  readonly failed: { resource: LedgerResource; error: string }[];
}

/** Deletes one resource with the sweeper of its kind; true when it no longer exists. */
async function sweepOne(
  resource: LedgerResource,
  opts: Pick<SweepOptions, 'sweepers' | 'signal' | 'progress'>,
  tally: Tally,
): Promise<boolean> {
  try {
    const sweeper = opts.sweepers.get(resource.kind);
    if (sweeper === undefined) throw new Error(`Kiln does not know how to delete a "${resource.kind}"`);
    const outcome = await sweeper(resource, opts.signal);
    (outcome === 'deleted' ? tally.deleted : tally.gone).push(resource);
    opts.progress?.(resource, outcome);
    return true;
  } catch (e) {
    tally.failed.push({ resource, error: errorMessage(e) });
    opts.progress?.(resource, e instanceof Error ? e : new Error(String(e)));
    return false;
  }
}

/** Appends the release line the build would have written, so a second sweep finds nothing. */
function strikeOff(ledgerPath: string, runId: string, id: string): void {
  try {
    const line = { op: 'release', runId, id, time: new Date().toISOString(), sweptBy: process.pid };
    fs.appendFileSync(ledgerPath, JSON.stringify(line) + '\n', { mode: 0o600 });
  } catch {
    // The ledger's directory may be gone already (a temp-path sweep removed it): nothing to strike.
  }
}

/**
 * Ledger files under `root` (the build temp directories in it), for `kiln sweep -run-id` without
 * paths. Directories whose ledger was never written are included: their build recorded nothing.
 */
export function findLedgers(root: string): string[] {
  let names: string[];
  try {
    names = fs.readdirSync(root);
  } catch {
    return [];
  }
  return names
    .filter((n) => n.startsWith(BUILD_DIR_PREFIX))
    .map((n) => path.join(root, n, LEDGER_FILE))
    .sort();
}

/**
 * Deletes what the finders turn up for a run (each with the sweeper of its kind). Resources already
 * swept through a ledger are gone by then and are not found again.
 */
export async function sweepRun(
  runId: string,
  finders: readonly RunFinder[],
  opts: Omit<SweepOptions, 'runId'>,
): Promise<Omit<SweepReport, 'ledger' | 'otherRun' | 'removedDir'>> {
  const deleted: LedgerResource[] = [];
  const gone: LedgerResource[] = [];
  const failed: { resource: LedgerResource; error: string }[] = [];
  for (const find of finders)
    for (const resource of await find(runId, opts.signal))
      await sweepOne(resource, opts, { deleted, gone, failed });
  return { runId, deleted, gone, failed };
}
