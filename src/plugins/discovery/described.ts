import * as fs from 'node:fs';
import * as path from 'node:path';

import {
  type DescribeOptions,
  type PluginDescription,
  UnsupportedProtocolError,
  describeOutput,
  parseDescription,
} from '../describe';
import { pluginCacheDirectory } from './checksum';

/**
 * `describe` of an installed plugin whose checksum was verified: what a binary prints is a fact of
 * its content, so it is remembered by the binary's SHA-256 in Kiln's cache and read from there
 * instead of starting the binary again (a Go process start per installed plugin per run, which
 * Packer pays each time). The remembered text is checked exactly as fresh output is, so an error
 * (an SDK before v0.6.0, a version mismatch) reads the same either way. Unreadable or unwritable
 * cache entries only mean running `describe`; KILN_NO_CHECKSUM_CACHE=1 turns this off too.
 */

export interface DescribeInstalledOptions extends DescribeOptions {
  /** Where outputs are remembered; undefined: not at all. Default: Kiln's cache directory. */
  readonly cacheDirectory?: string | undefined;
}

export async function describeInstalled(
  binary: string,
  sha256: string,
  opts: DescribeInstalledOptions = {},
): Promise<PluginDescription> {
  const dir = 'cacheDirectory' in opts ? opts.cacheDirectory : pluginCacheDirectory('plugin-descriptions');
  const entry = dir ? path.join(dir, `${sha256}.json`) : undefined;
  const remembered = entry ? read(entry) : undefined;
  if (remembered !== undefined) return parseDescription(remembered, binary, opts.source);
  const text = await describeOutput(binary, opts);
  // Checked before it is remembered: output that is not a description is not kept, while a
  // description Kiln refuses (an SDK before v0.6.0) is one — it refuses again next time.
  let description: PluginDescription;
  try {
    description = parseDescription(text, binary, opts.source);
  } catch (err) {
    if (entry && err instanceof UnsupportedProtocolError) write(entry, text);
    throw err;
  }
  if (entry) write(entry, text);
  return description;
}

function read(entry: string): string | undefined {
  try {
    const st = fs.lstatSync(entry);
    if (!st.isFile() || (process.platform !== 'win32' && st.uid !== process.getuid?.())) return undefined;
    return fs.readFileSync(entry, 'utf8');
  } catch {
    return undefined;
  }
}

/** Written atomically: a concurrent run reads the old entry or the new one. */
function write(entry: string, text: string): void {
  const temp = `${entry}.${process.pid}.tmp`;
  try {
    fs.writeFileSync(temp, text, { mode: 0o600 });
    fs.renameSync(temp, entry);
  } catch {
    fs.rmSync(temp, { force: true });
  }
}
