/**
 * What the main step saves (core.saveState) for the post step: the run ID and the ledger files of
 * the builds that started, saved as each build starts so that a killed run can still be swept.
 */
export const STATE_RUN_ID = 'run-id';
export const STATE_LEDGERS = 'ledgers';
/**
 * Saved ('true') once the run has ended with every build's resources cleaned up: the post step of
 * such a run need not search for the run's resources by its tag (nor load the sweepers to do it).
 * A killed main step never saves it.
 */
export const STATE_RUN_CLEAN = 'run-clean';

/** The ledger paths saved by the main step; [] when none were (or the state is unreadable). */
export function savedLedgers(text: string): string[] {
  if (text.trim() === '') return [];
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
  } catch {
    return [];
  }
}
