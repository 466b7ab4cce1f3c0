import { InterruptedError } from './http';
import { type InstallOutcome, InstallError, installPlugin } from './install';
import { type LockFile, type LockedPlugin, readLockFile, writeLockFile } from './lock-file';
import type { ReleaseSource } from './sources';

/**
 * `kiln init`'s work for one template: each `required_plugins` entry is built in (Kiln implements
 * it natively: nothing to download), already installed, or installed now; the lock file beside
 * the template then records the version and hashes of every plugin that is not built in. The lock
 * is written only when every plugin could be had, and only when its text changes.
 *
 * A built-in plugin's entry already in the lock is kept as it is (issue 17): it was written by an
 * init that sent the plugin out (KILN_PLUGINS=external), by hand, or by a teammate who forces the
 * plugin, and a plain init, which has nothing to check it against, must not take it from them.
 * Entries of plugins no longer in required_plugins are dropped, as Terraform's init drops the lock
 * entries of providers the configuration stopped using (hashicorp/terraform#30192, since 1.1).
 */

export interface InitRequirement {
  /** The local name (`docker = {...}`). */
  readonly accessor: string;
  readonly source: string;
  readonly constraints: string;
  /** Kiln runs this plugin's types natively (and KILN_PLUGINS does not send them out). */
  readonly builtin: boolean;
}

export type InitResult =
  | { readonly requirement: InitRequirement; readonly status: 'builtin' }
  | {
      readonly requirement: InitRequirement;
      readonly status: 'installed' | 'present';
      readonly outcome: InstallOutcome;
    }
  | { readonly requirement: InitRequirement; readonly status: 'failed'; readonly error: Error };

export interface InitOptions {
  readonly requirements: readonly InitRequirement[];
  readonly directory: string;
  readonly lockFile: string;
  readonly sources: readonly ReleaseSource[];
  readonly upgrade?: boolean;
  readonly force?: boolean;
  readonly log?: (line: string) => void;
  /** Each result as it is known (init prints as it goes, as Packer). */
  readonly onResult?: (result: InitResult) => void;
  /** Ctrl-C: stops at once with an InterruptedError; the lock file is left as it was. */
  readonly signal?: AbortSignal;
}

export interface InitReport {
  readonly results: readonly InitResult[];
  /** Whether the lock file was (re)written. */
  readonly lockWritten: boolean;
}

export async function initPlugins(opts: InitOptions): Promise<InitReport> {
  const lock: LockFile = readLockFile(opts.lockFile) ?? new Map();
  const results: InitResult[] = [];
  const next = new Map<string, LockedPlugin>();
  const report = (r: InitResult): void => {
    results.push(r);
    opts.onResult?.(r);
  };
  for (const requirement of opts.requirements) {
    if (opts.signal?.aborted) throw new InterruptedError();
    const locked = lock.get(requirement.source);
    if (requirement.builtin) {
      if (locked) next.set(requirement.source, locked);
      report({ requirement, status: 'builtin' });
      continue;
    }
    try {
      const outcome = await installPlugin({
        source: requirement.source,
        constraints: requirement.constraints,
        directory: opts.directory,
        sources: opts.sources,
        ...(locked ? { locked } : {}),
        upgrade: opts.upgrade,
        force: opts.force,
        log: opts.log,
        ...(opts.signal ? { signal: opts.signal } : {}),
      });
      next.set(requirement.source, {
        source: requirement.source,
        version: outcome.version,
        constraints: requirement.constraints,
        hashes: outcome.hashes,
      });
      report({ requirement, status: outcome.status, outcome });
    } catch (err) {
      if (!(err instanceof InstallError)) throw err;
      report({ requirement, status: 'failed', error: err });
    }
  }
  if (opts.signal?.aborted) throw new InterruptedError();
  const failed = results.some((r) => r.status === 'failed');
  let lockWritten = false;
  if (!failed && (next.size > 0 || lock.size > 0) && !sameLock(lock, next)) {
    writeLockFile(opts.lockFile, next);
    lockWritten = true;
  }
  return { results, lockWritten };
}

function sameLock(a: LockFile, b: LockFile): boolean {
  if (a.size !== b.size) return false;
  for (const [source, p] of a) {
    const q = b.get(source);
    if (!q || q.version !== p.version || q.constraints !== p.constraints) return false;
    if (q.hashes.length !== p.hashes.length || q.hashes.some((h, i) => h !== p.hashes[i])) return false;
  }
  return true;
}
