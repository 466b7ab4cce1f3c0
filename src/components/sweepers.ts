import { DEBUG_KEY_KIND, sweepDebugKeyFile } from '../communicators/ssh/debug-key-sweep';
import { type RunFinder, type Sweeper, sweepTempPath } from '../engine/sweep';
import { type LedgerKinds, type Sweepers, runFindersOf, sweepersOf } from '../sdk/ledger-kinds';
import { DOCKER_RUN_FINDERS, DOCKER_SWEEPERS } from './docker/ledger-kinds';

/**
 * What deletes each kind of ledger resource Kiln records: the action's post step and `kiln sweep`
 * use this. It is the one list that does not come from the catalog: those two must stay small (no
 * schemas, no template language in their bundles), and importing the declarations would bring them
 * all in. So a component module whose runtime records a ledger kind of its own declares the kind's
 * sweeper in a light module of its folder, carries it on its declaration, and lists that module
 * here (one line); __tests__/components/catalog.test.ts fails when this list and the declarations
 * disagree.
 */
/**
 * Kinds recorded by shared code rather than by one component: the engine's temp paths and the SSH
 * communicator's debug key files.
 */
export const SHARED_SWEEPERS: Sweepers = { 'temp-path': sweepTempPath, [DEBUG_KEY_KIND]: sweepDebugKeyFile };

/** One line per component module that records ledger kinds of its own. */
const LEDGER_KINDS: readonly LedgerKinds[] = [
  { sweepers: SHARED_SWEEPERS },
  { sweepers: DOCKER_SWEEPERS, runFinders: DOCKER_RUN_FINDERS },
];

export function builtinSweepers(): ReadonlyMap<string, Sweeper> {
  return sweepersOf(LEDGER_KINDS);
}

/** What finds a run's resources by the run ID they are tagged with (see RunFinder). */
export function builtinRunFinders(): readonly RunFinder[] {
  return runFindersOf(LEDGER_KINDS);
}
