import { ledgerHasOutstanding, sweepLedger, type SweepOutcome, sweepRun } from '../engine/sweep';
import type { LedgerResource } from '../engine/types';
import { type LedgerKindTable, NO_LEDGER_KINDS } from '../sdk/ledger-kinds';
import { savedLedgers, STATE_LEDGERS, STATE_RUN_CLEAN, STATE_RUN_ID } from './state';
import { untrustedLines } from './workflow-commands';

/**
 * The action's post step (runs after the job's steps, also when the job was cancelled): deletes
 * whatever the main step's builds still list in their ledgers — a build killed before it could
 * clean up. A no-op when nothing is left; never fails the job (a resource already gone is fine,
 * one that cannot be deleted is a warning naming it).
 *
 * It runs after every job, so the common case stays cheap: the sweepers and run finders (derived
 * from the catalog, in the lazily loaded template bundle) are loaded only when a ledger lists
 * something, or when the main step did not record that its run ended clean (a killed step: a
 * ledger may be lost, and the run's tag is the only way to find what it created).
 */

export interface PostCore {
  getState(name: string): string;
  info(message: string): void;
  warning(message: string): void;
}

export async function runPost(core: PostCore, loadKinds: () => LedgerKindTable): Promise<void> {
  const runId = core.getState(STATE_RUN_ID) || undefined;
  const ledgers = savedLedgers(core.getState(STATE_LEDGERS));
  if (ledgers.length === 0 && runId === undefined) {
    core.info('Kiln: no build ran in this job step; nothing to clean up.');
    return;
  }
  const searchByTag = runId !== undefined && core.getState(STATE_RUN_CLEAN) !== 'true';
  const load = searchByTag || ledgers.some(ledgerHasOutstanding);
  // Not loaded, the ledgers (none lists anything) are still swept: their build directories go.
  const kinds = load ? loadKinds() : NO_LEDGER_KINDS;
  const { sweepers } = kinds;
  const signal = new AbortController().signal;
  // A resource's id comes from a ledger file (a path, a container ID): printed so that it cannot
  // start a workflow command, as the main step prints build output. Warnings are escaped by core.
  const info = untrustedLines((line) => core.info(line));
  const progress = (resource: LedgerResource, outcome: SweepOutcome | Error): void => {
    if (outcome instanceof Error)
      core.warning(`Kiln could not delete ${resource.kind} ${resource.id}: ${outcome.message}`);
    else info(`Kiln: ${resource.kind} ${resource.id}: ${outcome === 'deleted' ? 'deleted' : 'already gone'}`);
  };
  let handled = 0;
  let failed = 0;
  for (const ledger of ledgers) {
    const report = await sweepLedger(ledger, {
      sweepers,
      signal,
      progress,
      ...(runId !== undefined ? { runId } : {}),
    });
    handled += report.deleted.length + report.gone.length;
    failed += report.failed.length;
    if (report.untrusted !== undefined)
      core.warning(`Kiln left the ledger ${ledger} alone: ${report.untrusted}.`);
  }
  // Then by the run's tag: what a lost ledger or a kill at the wrong moment left unrecorded.
  if (runId !== undefined && load) {
    // A ledger entry whose sweep failed above (its engine's socket gone) but that the run's tag
    // found and deleted is struck off and no longer counts as a failure.
    const report = await sweepRun(runId, kinds.runFinders, { sweepers, signal, progress }, ledgers);
    handled += report.deleted.length + report.gone.length;
    failed += report.failed.length - report.settled.length;
  }
  if (handled === 0 && failed === 0) core.info('Kiln: nothing was left behind by this run.');
  else if (failed === 0)
    core.info(`Kiln: cleaned up ${handled} resource(s) left by a cancelled or killed build.`);
  else core.warning(`Kiln: ${failed} resource(s) could not be deleted; see the warnings above.`);
}
