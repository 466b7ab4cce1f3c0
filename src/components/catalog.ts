import { DEBUG_KEY_KIND, sweepDebugKeyFile } from '../communicators/ssh/debug-key-sweep';
import { sweepTempPath } from '../engine/sweep';
import type { DataSource } from '../schema/datasource';
import type { ComponentRegistry } from '../schema/registry';
import type { ComponentSchema } from '../schema/types';
import { componentRegistryOf, dataSourcesOf } from '../sdk/catalog';
import type { ComponentDeclaration } from '../sdk/define';
import { type LedgerKindTable, type LedgerKinds, ledgerKindTableOf } from '../sdk/ledger-kinds';
import { AMAZON_COMPONENTS } from './amazon';
import { ANSIBLE_COMPONENTS } from './ansible';
import { CORE_COMPONENTS } from './core';
import { DOCKER_COMPONENTS } from './docker';
import { WINDOWS_COMPONENTS } from './windows';

/**
 * Every component Kiln ships, one line per component module (its folder's index.ts). The schema
 * registry, the runtimes (runtime-catalog.ts), the data sources, the sweepers and docs/components.md
 * are derived from this list, so a component exists for Kiln exactly when it is listed here.
 */
export const BUILTIN_COMPONENTS: readonly ComponentDeclaration[] = [
  ...CORE_COMPONENTS,
  ...WINDOWS_COMPONENTS,
  ...DOCKER_COMPONENTS,
  ...AMAZON_COMPONENTS,
  ...ANSIBLE_COMPONENTS,
];

export const BUILTIN_SCHEMAS: readonly ComponentSchema[] = BUILTIN_COMPONENTS.map((d) => d.schema);

/** A registry holding every built-in component. */
export function builtinRegistry(): ComponentRegistry {
  return componentRegistryOf(BUILTIN_COMPONENTS);
}

/** Every data source Kiln can run (a data source's runtime is declared beside its schema). */
export function builtinDataSources(): readonly DataSource[] {
  return dataSourcesOf(BUILTIN_COMPONENTS);
}

/**
 * Ledger kinds recorded by shared code rather than by one component: files under a build's temp
 * directory (`temp-path`, which ledgers of earlier Kiln versions list) and the SSH communicator's
 * -debug key files.
 */
export const SHARED_LEDGER_KINDS: LedgerKinds = {
  sweepers: { 'temp-path': sweepTempPath, [DEBUG_KEY_KIND]: sweepDebugKeyFile },
};

/**
 * What deletes each kind of ledger resource Kiln records, and what finds a run's resources by its
 * tag: for `kiln sweep` and the action's post step, which load it from the lazily loaded template
 * bundle (cli/template-commands.ts) only when a ledger lists something to delete.
 */
export function builtinLedgerKinds(): LedgerKindTable {
  return ledgerKindTableOf([SHARED_LEDGER_KINDS, ...BUILTIN_COMPONENTS]);
}
