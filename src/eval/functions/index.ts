import type { FunctionSpec, FunctionTable } from './function';

/**
 * Everything a function may need from its surroundings. Functions stay pure apart from what is
 * injected here (file system root, clock, environment, remote service endpoints).
 */
export interface FunctionOptions {
  /** Directory relative paths resolve against: Packer's path.root. */
  readonly baseDir: string;
  /** The clock used by timestamp(); injectable for tests. */
  readonly now?: () => Date;
  /** Process environment (for env(), pathexpand's HOME, and service settings such as VAULT_ADDR). */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/** A family of functions registers its members into the table. One file per family. */
export type FunctionFamily = (table: Map<string, FunctionSpec>, options: FunctionOptions) => void;

const families: FunctionFamily[] = [];

/** Families call this at module load (see ./all.ts, which imports every family). */
export function registerFamily(family: FunctionFamily): void {
  families.push(family);
}

/** The functions Packer registers for HCL2 templates, bound to the given options. */
export function packerFunctions(options: FunctionOptions): FunctionTable {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require('./all');
  const table = new Map<string, FunctionSpec>();
  for (const family of families) family(table, options);
  return table;
}
