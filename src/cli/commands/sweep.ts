import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { LEDGER_FILE, readLedger } from '../../engine/ledger';
import {
  findLedgers,
  ledgerHasOutstanding,
  resourceKey,
  type SweepOutcome,
  type SweepReport,
  sweepLedger,
  sweepRun,
} from '../../engine/sweep';
import type { LedgerResource } from '../../engine/types';
import { type LedgerKindTable, NO_LEDGER_KINDS } from '../../sdk/ledger-kinds';
import { FlagError, type FlagSpec, flagUsage, parseFlags } from '../flags';
import type { CommandIO } from '../io';
import { loadBuiltinLedgerKinds } from '../template-commands-loader';

/**
 * `kiln sweep`: deletes what builds recorded in their resource ledgers and never cleaned up (a
 * killed process, an abandoned cleanup, -on-error=abort). Given ledger files or build temp
 * directories, or -run-id alone to find that run's ledgers in the temp directory.
 */

const FLAGS: readonly FlagSpec[] = [
  { kind: 'string', name: 'run-id', usage: 'Only sweep ledgers of this run (PACKER_RUN_UUID).' },
  {
    kind: 'string',
    name: 'temp-dir',
    usage: 'Where to look for ledgers with -run-id (default: the system temp dir).',
  },
  {
    kind: 'bool',
    name: 'current-docker-host',
    usage: 'Reach Docker through the current DOCKER_HOST, not the one recorded in the ledger.',
  },
];

export const SWEEP_USAGE = `Usage: kiln sweep [options] [LEDGER|BUILD_DIR ...]

  Deletes the resources (containers, temp files, ...) that builds recorded in their ledgers and
  did not clean up. Kiln prints a ledger's path when a build leaves resources behind. With
  -run-id and no paths, every ledger of that run in the temp directory is swept.

Options:

${flagUsage(FLAGS)}
`;

/**
 * `loadKinds` gives the sweepers and run finders, derived from the catalog in the template bundle:
 * called only when a ledger lists something or -run-id asks for a search by the run's tag.
 */
export async function runSweep(
  args: readonly string[],
  io: CommandIO,
  loadKinds: () => LedgerKindTable = loadBuiltinLedgerKinds,
): Promise<number> {
  if (args.some((a) => a === '-h' || a === '-help' || a === '--help')) {
    io.stdout(SWEEP_USAGE);
    return 0;
  }
  let runId: string | undefined;
  let targets: string[];
  let dockerHost: string | undefined;
  try {
    const parsed = parseFlags(args, FLAGS);
    runId = parsed.strings.get('run-id');
    if (parsed.bools.get('current-docker-host') === true) dockerHost = io.env.DOCKER_HOST ?? '';
    const root = path.resolve(io.cwd, parsed.strings.get('temp-dir') ?? os.tmpdir());
    targets = parsed.args.map((a) => ledgerPath(path.resolve(io.cwd, a)));
    if (targets.length === 0) {
      if (runId === undefined) throw new FlagError('give ledger files or build directories, or -run-id');
      // Only ledgers that say they belong to the run: a build of another run may be running now.
      targets = findLedgers(root).filter((l) => fs.existsSync(l) && readLedger(l).runId === runId);
    }
  } catch (e) {
    if (!(e instanceof FlagError)) throw e;
    io.stderr(`${e.message}\n\n${SWEEP_USAGE}`);
    return 1;
  }
  const signal = new AbortController().signal;
  const progress = (r: LedgerResource, outcome: SweepOutcome | Error): void =>
    outcome instanceof Error
      ? io.stderr(`  ${describe(r)}: ${outcome.message}\n`)
      : io.stdout(`  ${describe(r)}: ${outcome === 'deleted' ? 'deleted' : 'already gone'}\n`);
  const host = dockerHost !== undefined ? { dockerHost } : {};
  const kinds = runId !== undefined || targets.some(ledgerHasOutstanding) ? loadKinds() : NO_LEDGER_KINDS;
  const { sweepers } = kinds;
  const failed: LedgerResource[] = [];
  let untrusted = 0;
  for (const ledger of targets) {
    const report = await sweepLedger(ledger, {
      sweepers,
      signal,
      progress,
      ...host,
      ...(runId !== undefined ? { runId } : {}),
    });
    failed.push(...report.failed.map((f) => f.resource));
    if (report.untrusted !== undefined) {
      untrusted++;
      io.stderr(`${report.ledger}: left alone: ${report.untrusted}.\n`);
    } else io.stdout(summary(report) + '\n');
  }
  if (runId !== undefined) {
    // Resources tagged with the run that no ledger lists (a lost ledger, a kill at the wrong moment);
    // a ledger entry whose sweep failed above but that the tag found and deleted is struck off.
    const byTag = await sweepRun(runId, kinds.runFinders, { sweepers, signal, progress, ...host }, targets);
    const settled = new Set(byTag.settled.map(resourceKey));
    failed.splice(0, failed.length, ...failed.filter((r) => !settled.has(resourceKey(r))));
    failed.push(...byTag.failed.map((f) => f.resource));
    for (const r of byTag.settled)
      io.stdout(`  ${describe(r)}: found by the run's tag and deleted; struck off its ledger\n`);
    for (const dir of byTag.removedDirs) io.stdout(`${dir}: nothing is left; build directory removed.\n`);
    const n = byTag.deleted.length + byTag.gone.length + byTag.failed.length;
    if (targets.length === 0 && n === 0) io.stdout(`Nothing of run ${runId} was found: nothing to sweep.\n`);
    else if (n > 0) io.stdout(`Run ${runId}: ${n} resource(s) found by the run's tag.\n`);
  }
  return failed.length > 0 || untrusted > 0 ? 1 : 0;
}

/** A build directory stands for the ledger inside it. */
function ledgerPath(p: string): string {
  try {
    if (fs.statSync(p).isDirectory()) return path.join(p, LEDGER_FILE);
  } catch {
    // A path that no longer exists: reported as an empty ledger.
  }
  return p;
}

function describe(r: LedgerResource): string {
  return `${r.kind} ${r.id}`;
}

function summary(r: SweepReport): string {
  if (r.otherRun) return `${r.ledger}: belongs to run ${r.runId ?? '?'}, left alone.`;
  const n = r.deleted.length + r.gone.length;
  const what =
    r.failed.length > 0
      ? `${r.failed.length} resource(s) could not be deleted`
      : n === 0
        ? 'nothing was left'
        : `${r.deleted.length} deleted, ${r.gone.length} already gone`;
  return `${r.ledger}: ${what}${r.removedDir ? '; build directory removed' : ''}.`;
}
