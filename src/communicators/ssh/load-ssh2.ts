import { loadLazyBundle } from '../../lazy-bundles';
import type * as Ssh2Library from './ssh2-library';

/** ssh2's Client and utils, loaded on first use (see ./ssh2-library.ts). */
export function loadSsh2(): typeof Ssh2Library {
  return loadLazyBundle<typeof Ssh2Library>('ssh2');
}
