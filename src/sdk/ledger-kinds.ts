import type { RunFinder, Sweeper } from '../engine/sweep';

/**
 * The ledger kinds a component (or shared code) records, with what sweeps them: carried by its
 * declaration (define.ts), so the sweepers Kiln knows are derived from the catalog like everything
 * else. `kiln sweep` and the action's post step get that table from the lazily loaded catalog, and
 * only when there is something to sweep (cli/template-commands-loader.ts).
 */

/** Ledger kind → what deletes a resource of that kind (see engine/sweep.ts). */
export type Sweepers = Readonly<Record<string, Sweeper>>;

export interface LedgerKinds {
  readonly sweepers?: Sweepers;
  /** What finds the resources of a run by its tag when a ledger is lost. */
  readonly runFinders?: readonly RunFinder[];
}

/** Everything a sweep is given: each ledger kind's sweeper and every run finder. */
export interface LedgerKindTable {
  readonly sweepers: ReadonlyMap<string, Sweeper>;
  readonly runFinders: readonly RunFinder[];
}

/** No sweepers, no finders: enough to sweep ledgers that list nothing (no loading needed). */
export const NO_LEDGER_KINDS: LedgerKindTable = { sweepers: new Map(), runFinders: [] };

/** Ledger kind → sweeper; one kind claimed twice is a bug (which sweeper would run?). */
export function sweepersOf(owners: readonly LedgerKinds[]): ReadonlyMap<string, Sweeper> {
  const table = new Map<string, Sweeper>();
  for (const owner of owners) {
    for (const [kind, sweeper] of Object.entries(owner.sweepers ?? {})) {
      if (table.has(kind)) throw new Error(`ledger kind ${kind} has two sweepers`);
      table.set(kind, sweeper);
    }
  }
  return table;
}

export function runFindersOf(owners: readonly LedgerKinds[]): readonly RunFinder[] {
  return owners.flatMap((o) => o.runFinders ?? []);
}

export function ledgerKindTableOf(owners: readonly LedgerKinds[]): LedgerKindTable {
  return { sweepers: sweepersOf(owners), runFinders: runFindersOf(owners) };
}
