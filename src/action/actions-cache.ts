import * as cache from '@actions/cache';

import type { CacheBackend } from './plugin-cache';

/**
 * The entry of the `actions-cache` lazy bundle (src/lazy-bundles.ts): @actions/cache and the Azure
 * storage client it carries are read only when the action restores or saves the plugin directory.
 *
 * @actions/cache never throws for a failing service (v1 or v2): it prints its own `::warning::` (or
 * `::error::` for a 5xx) and returns undefined from restoreCache — the same as a miss — and -1 from
 * saveCache. Kiln wants to know: a restore that failed means the service is not usable (so no save
 * is attempted after init, which would fail again), and a save that failed must not be reported as
 * saved. So while the toolkit works, the warnings and errors it prints are taken off standard
 * output and turned into one thrown error, which withPluginCache reports as its one warning.
 */
export const actionsCache: CacheBackend = {
  available: () => cache.isFeatureAvailable(),
  restore: async (paths, key) => {
    const { value, problems } = await toolkitProblems(() => cache.restoreCache([...paths], key));
    if (problems.length > 0) throw new Error(problems[0]);
    return value;
  },
  save: async (paths, key) => {
    const { value: id, problems } = await toolkitProblems(() => cache.saveCache([...paths], key));
    if (problems.length > 0) throw new Error(problems[0]);
    if (id === -1) throw new Error('@actions/cache saved nothing');
  },
};

/**
 * Runs a toolkit call and collects the `::warning` and `::error` workflow commands it writes to
 * standard output (@actions/core's only channel for them), and its `Failed to save: …` info line,
 * without letting them reach the runner. Other output (its info lines, `::debug::`,
 * `::add-mask::`) goes through untouched.
 */
async function toolkitProblems<T>(call: () => Promise<T>): Promise<{ value: T; problems: string[] }> {
  const problems: string[] = [];
  const stdout = process.stdout;
  const write = stdout.write;
  const intercept = (chunk: unknown, ...rest: unknown[]): boolean => {
    const text =
      typeof chunk === 'string' ? chunk : Buffer.isBuffer(chunk) ? chunk.toString('utf8') : undefined;
    const command = text === undefined ? null : /^::(warning|error)(?: [^:]*)?::(.*?)\r?\n?$/s.exec(text);
    // A save another job reserved first (or refused for quota: the cause is only in the debug log)
    // is told as an info line.
    const notSaved = text === undefined ? null : /^(Failed to save: .*?)\r?\n?$/s.exec(text);
    if (!command && !notSaved) return (write as (...args: unknown[]) => boolean).call(stdout, chunk, ...rest);
    problems.push(command ? unescapeCommandData(command[2]) : (notSaved?.[1] ?? ''));
    const callback = rest.find((r): r is () => void => typeof r === 'function');
    callback?.();
    return true;
  };
  stdout.write = intercept as typeof stdout.write;
  try {
    return { value: await call(), problems };
  } finally {
    stdout.write = write;
  }
}

/** The escaping of a workflow command's data (@actions/core's escapeData), undone. */
function unescapeCommandData(data: string): string {
  return data.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%');
}
