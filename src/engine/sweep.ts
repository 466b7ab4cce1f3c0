import * as fs from 'node:fs';
import * as path from 'node:path';

import { errorMessage } from './abort';
import { LEDGER_FILE, parseLedger } from './ledger';
import { BUILD_DIR_PREFIX, buildDirDistrust, insideDir, readTrustedLedgerText } from './ledger-trust';
import type { LedgerResource } from './types';

/**
 * Sweeping: deleting what a build recorded in its ledger and never struck off — because the process
 * was killed, a second signal abandoned cleanup, or on-error=abort kept it. `kiln sweep` and the
 * GitHub Action's post step use this. A resource that is already gone is not a failure.
 *
 * A ledger says what to delete, never how: an entry is a kind and an id (plus where, such as the
 * engine's host), and the sweeper of that kind decides the command. Only ledgers that can only
 * have come from this user's own builds are read at all (src/engine/ledger-trust.ts).
 */

/** 'deleted': the sweeper removed it; 'gone': it no longer existed. Throws when it could not. */
export type SweepOutcome = 'deleted' | 'gone';

/** Where a resource is swept from, beyond what its entry says. */
export interface SweepScope {
  /** The temp directory of the build whose ledger lists it (absent for what a run finder found). */
  readonly buildDir?: string;
  /** Use this Docker host instead of the one the ledger recorded (`kiln sweep -current-docker-host`). */
  readonly dockerHost?: string;
}

/**
 * Deletes one kind of resource from its ledger entry (id + data), from any process. The entry is
 * data that may have been tampered with: a sweeper checks it and throws rather than act on one
 * that does not look like what its kind's builds record.
 */
export type Sweeper = (
  resource: LedgerResource,
  signal: AbortSignal,
  scope: SweepScope,
) => Promise<SweepOutcome>;

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
  /** Why the ledger was left alone without reading it (a ledger Kiln cannot trust); see ledger-trust.ts. */
  readonly untrusted?: string;
}

/**
 * Temp files and directories: removed from the local disk, and only from inside the temp directory
 * of the build whose ledger lists them (checked with links resolved, so a link cannot lead out).
 */
export const sweepTempPath: Sweeper = async (resource, _signal, scope) => {
  const target = resource.id;
  if (scope.buildDir === undefined || !path.isAbsolute(target) || !insideDir(scope.buildDir, target))
    throw new Error(`refusing to delete ${target}: it is not inside the build's temp directory`);
  let parent: string;
  let dir: string;
  try {
    parent = fs.realpathSync(path.dirname(target));
    dir = fs.realpathSync(scope.buildDir);
  } catch {
    return 'gone';
  }
  const real = path.join(parent, path.basename(target));
  if (!insideDir(dir, real))
    throw new Error(`refusing to delete ${target}: a link leads it out of the build's temp directory`);
  if (!fs.existsSync(real) && !isLink(real)) return 'gone';
  await fs.promises.rm(real, { recursive: true, force: true });
  return 'deleted';
};

function isLink(p: string): boolean {
  try {
    return fs.lstatSync(p).isSymbolicLink();
  } catch {
    return false;
  }
}

export interface SweepOptions {
  readonly sweepers: ReadonlyMap<string, Sweeper>;
  readonly signal: AbortSignal;
  /** Only sweep a ledger written by this run (the action's post step knows its run ID). */
  readonly runId?: string;
  /** Called as each resource is dealt with, for progress lines. */
  readonly progress?: (resource: LedgerResource, outcome: SweepOutcome | Error) => void;
  /** Use this Docker host rather than the recorded one (see SweepScope). */
  readonly dockerHost?: string;
}

/**
 * Sweeps one ledger: every outstanding resource, newest first (the order cleanup would have used),
 * each struck off in the ledger as it goes; then the build's temp directory when nothing is left.
 */
export async function sweepLedger(ledgerPath: string, opts: SweepOptions): Promise<SweepReport> {
  const read = readTrustedLedgerText(ledgerPath);
  const deleted: LedgerResource[] = [];
  const gone: LedgerResource[] = [];
  const failed: { resource: LedgerResource; error: string }[] = [];
  if (read.distrust !== undefined)
    return {
      ledger: ledgerPath,
      deleted,
      gone,
      failed,
      otherRun: false,
      removedDir: false,
      untrusted: read.distrust,
    };
  const { runId, outstanding } = parseLedger(read.text ?? '');
  const base = { ledger: ledgerPath, ...(runId !== undefined ? { runId } : {}) };
  if (opts.runId !== undefined && runId !== undefined && runId !== opts.runId)
    return { ...base, deleted, gone, failed, otherRun: true, removedDir: false };

  const dir = path.dirname(ledgerPath);
  const scope: SweepScope = {
    buildDir: dir,
    ...(opts.dockerHost !== undefined ? { dockerHost: opts.dockerHost } : {}),
  };
  for (const resource of [...outstanding].reverse()) {
    if (await sweepOne(resource, opts, scope, { deleted, gone, failed }))
      strikeOff(ledgerPath, runId ?? opts.runId ?? '', resource.id);
  }
  const removedDir = failed.length === 0 && removeBuildDir(dir);
  return { ...base, deleted, gone, failed, otherRun: false, removedDir };
}

/**
 * Whether sweeping this ledger would delete anything: it is one a sweep reads (ledger-trust.ts) and
 * lists resources still outstanding. The sweeping surfaces load the sweepers only when one does.
 */
export function ledgerHasOutstanding(ledgerPath: string): boolean {
  let read: { text?: string; distrust?: string };
  try {
    read = readTrustedLedgerText(ledgerPath);
  } catch {
    return true; // unreadable: the sweep itself reports why
  }
  return read.distrust === undefined && parseLedger(read.text ?? '').outstanding.length > 0;
}

/** Removes a swept build's directory (ledger included); only a trusted build directory. */
function removeBuildDir(dir: string): boolean {
  if (!fs.existsSync(dir) || buildDirDistrust(dir) !== undefined) return false;
  fs.rmSync(dir, { recursive: true, force: true });
  return true;
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
  scope: SweepScope,
  tally: Tally,
): Promise<boolean> {
  try {
    const sweeper = opts.sweepers.get(resource.kind);
    if (sweeper === undefined) throw new Error(`Kiln does not know how to delete a "${resource.kind}"`);
    const outcome = await sweeper(resource, opts.signal, scope);
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

/** What a sweep by the run's tag did. */
export interface RunSweepReport {
  readonly runId: string;
  readonly deleted: readonly LedgerResource[];
  readonly gone: readonly LedgerResource[];
  readonly failed: readonly { readonly resource: LedgerResource; readonly error: string }[];
  /** Ledger entries struck off because the finders turned them up and they are now deleted. */
  readonly settled: readonly LedgerResource[];
  /** Build directories removed because that left their ledgers with nothing outstanding. */
  readonly removedDirs: readonly string[];
}

/**
 * Deletes what the finders turn up for a run (each with the sweeper of its kind). Resources already
 * swept through a ledger are gone by then and are not found again. A resource a ledger still lists
 * (its sweep failed: say the recorded engine's socket is gone) that the finders found and deleted
 * is struck off `ledgers` too, so that later sweeps do not fail on it forever.
 */
export async function sweepRun(
  runId: string,
  finders: readonly RunFinder[],
  opts: Omit<SweepOptions, 'runId'>,
  ledgers: readonly string[] = [],
): Promise<RunSweepReport> {
  const deleted: LedgerResource[] = [];
  const gone: LedgerResource[] = [];
  const failed: { resource: LedgerResource; error: string }[] = [];
  const scope: SweepScope = opts.dockerHost !== undefined ? { dockerHost: opts.dockerHost } : {};
  for (const find of finders)
    for (const resource of await find(runId, opts.signal))
      await sweepOne(resource, opts, scope, { deleted, gone, failed });
  const found = new Set([...deleted, ...gone].map(resourceKey));
  const settled: LedgerResource[] = [];
  const removedDirs: string[] = [];
  if (found.size > 0)
    for (const ledger of ledgers) {
      const read = readTrustedLedgerText(ledger);
      if (read.text === undefined) continue;
      const parsed = parseLedger(read.text);
      if (parsed.runId !== undefined && parsed.runId !== runId) continue;
      const left = parsed.outstanding.filter((r) => {
        if (!found.has(resourceKey(r))) return true;
        strikeOff(ledger, runId, r.id);
        settled.push(r);
        return false;
      });
      const dir = path.dirname(ledger);
      if (left.length === 0 && removeBuildDir(dir)) removedDirs.push(dir);
    }
  return { runId, deleted, gone, failed, settled, removedDirs };
}

/** The same resource whether a ledger lists it or a finder turned it up. */
export function resourceKey(r: LedgerResource): string {
  return `${r.kind}\u0000${r.id}`;
}
