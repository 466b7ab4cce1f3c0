import { createHash, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

import { CancelledError, errorMessage, throwIfAborted } from '../../engine/abort';
import { errnoText } from '../../engine/file-errors';
import { type BuildUI, type Step, type StepContext, StateKey } from '../../engine/types';
import { type FileChecksum, checksumString } from '../../schema/common-fields/checksum';
import type { IsoConfig } from '../../schema/common-fields/iso';
import { checksumHash, checksumMismatch, fileDigest, resolveChecksum } from './download-checksum';
import { httpGetToFile, parseSource } from './download-source';
import { packerCacheDir } from './packer-cache';

/**
 * Packer's commonsteps.StepDownload: fetches a file (an installation ISO, a disk image) from the
 * first of several URLs that works and verifies its checksum. Local files are used in place. A
 * download goes to a temporary file beside its target, hashed as it streams, and is renamed into
 * place only once the checksum matches, so the cache never holds a partial or corrupt file; a
 * target already in the cache whose checksum matches is used without any request. The cache file is
 * named as Packer names it (sha1 of the resolved checksum, or of the URL when there is none), so
 * Packer and Kiln share their cache.
 */

/** Where builders find the downloaded image (Packer's ResultKey "iso_path"). */
export const ISO_PATH = new StateKey<string>('iso_path');
/** The URL that worked (Packer's "SourceImageURL"). */
export const SOURCE_IMAGE_URL = new StateKey<string>('SourceImageURL');

export interface DownloadOptions {
  /** Tried in order. No URL: the step does nothing. */
  readonly urls: readonly string[];
  /** An `iso_checksum` value (any of its forms); empty or `none`: not verified. */
  readonly checksum: string;
  /** What is downloaded, for messages: `ISO`, `Guest Additions`. Default `ISO`. */
  readonly description?: string;
  /** A file, or a directory when it has no extension; empty: the Packer cache. */
  readonly targetPath?: string;
  /** The downloaded file's extension (`iso`). */
  readonly extension?: string;
  /** Where the file's path goes. Default ISO_PATH. */
  readonly resultKey?: StateKey<string>;
  /** PACKER_CACHE_DIR, XDG_CACHE_HOME, HOME. Default: process.env. */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/** The download step for a builder's ISOConfig options. */
export function isoDownloadStep(iso: IsoConfig, env?: DownloadOptions['env']): Step {
  return downloadStep({
    urls: iso.urls,
    checksum: iso.checksum,
    targetPath: iso.targetPath,
    extension: iso.targetExtension,
    description: 'ISO',
    env,
  });
}

export function downloadStep(options: DownloadOptions): Step {
  const description = options.description ?? 'ISO';
  return {
    name: `download ${description}`,
    async run(ctx) {
      if (options.urls.length === 0) return;
      ctx.ui.say(`Retrieving ${description}`);
      const checksum = await resolveChecksum(options.checksum, options.urls[0], ctx.build.cwd, ctx.signal);
      const errors: string[] = [];
      for (const source of options.urls) {
        throwIfAborted(ctx.signal);
        ctx.ui.say(`Trying ${source}`);
        try {
          const file = await downloadOne(source, checksum, options, ctx);
          ctx.state.set(options.resultKey ?? ISO_PATH, file);
          ctx.state.set(SOURCE_IMAGE_URL, source);
          return;
        } catch (e) {
          if (e instanceof CancelledError || ctx.signal.aborted) throw new CancelledError();
          // Perhaps the next URL works.
          errors.push(errorMessage(e));
        }
      }
      throw new Error(`error downloading ${description}: [${errors.join(' ')}]`);
    },
  };
}

/** Fetches (or finds) one source; returns the local file to use. */
async function downloadOne(
  source: string,
  checksum: FileChecksum | undefined,
  options: DownloadOptions,
  ctx: StepContext,
): Promise<string> {
  const { ui, signal } = ctx;
  const parsed = parseSource(source, ctx.build.cwd);
  // Packer shows the URL with the checksum it is verified against, as go-getter takes it.
  const shown =
    checksum === undefined
      ? source
      : `${source}${source.includes('?') ? '&' : '?'}checksum=${encodeURIComponent(checksumString(checksum))}`;
  ui.say(`Trying ${shown}`);

  if (parsed.kind === 'local') {
    try {
      await fs.promises.stat(parsed.path);
    } catch (e) {
      throw new Error(`source path error: stat ${parsed.path}: ${errnoText(e)}`);
    }
    if (checksum !== undefined) {
      const actual = await fileDigest(parsed.path, checksum, signal);
      if (actual !== checksum.value) throw checksumMismatch(parsed.path, checksum, actual);
    }
    ui.say(`${shown} => ${parsed.path}`);
    return parsed.path;
  }

  const target = targetFile(source, checksum, options, ctx.build.cwd);
  return withTargetLock(target, async () => {
    if (checksum !== undefined && (await cachedFileMatches(target, checksum, signal))) {
      ui.say(`${shown} => ${target}`);
      return target;
    }
    try {
      await fs.promises.mkdir(path.dirname(target), { recursive: true });
    } catch (e) {
      throw new Error(`mkdir ${path.dirname(target)}: ${errnoText(e)}`);
    }
    const temp = `${target}.${randomBytes(6).toString('hex')}.kiln-part`;
    const hash = checksum === undefined ? undefined : checksumHash(checksum);
    const progress = new DownloadProgress(ui, path.basename(parsed.url.pathname) || parsed.url.host);
    try {
      await httpGetToFile(parsed.url, temp, {
        signal,
        onData: (chunk, received, total) => {
          hash?.update(chunk);
          progress.update(received, total);
        },
      });
    } catch (e) {
      await fs.promises.rm(temp, { force: true });
      if (e instanceof CancelledError || signal.aborted) throw new CancelledError();
      ui.say(`Download failed ${errorMessage(e)}`);
      throw e;
    }
    if (checksum !== undefined && hash !== undefined) {
      const actual = hash.digest('hex');
      if (actual !== checksum.value) {
        ui.say(`Checksum did not match, removing ${target}`);
        await fs.promises.rm(temp, { force: true });
        await fs.promises.rm(target, { force: true });
        throw checksumMismatch(target, checksum, actual);
      }
    }
    try {
      await fs.promises.rename(temp, target);
    } catch (e) {
      await fs.promises.rm(temp, { force: true });
      throw new Error(`${target}: ${errnoText(e)}`);
    }
    ui.say(`${shown} => ${target}`);
    return target;
  });
}

/**
 * Packer's UseSourceToFindCacheTarget: `<sha1>.<extension>` in the cache, where the sha1 is of the
 * resolved checksum (`sha256:<hex>`) or, without one, of the URL; a target path without an
 * extension is a directory that file goes in (with `.iso` when no extension is given).
 */
export function targetFile(
  source: string,
  checksum: FileChecksum | undefined,
  options: Pick<DownloadOptions, 'targetPath' | 'extension' | 'env'>,
  cwd: string,
): string {
  const key = createHash('sha1')
    .update(checksum !== undefined ? checksumString(checksum) : source)
    .digest('hex');
  const extension = options.extension ?? '';
  const targetPath = options.targetPath ?? '';
  if (targetPath === '') {
    const name = extension !== '' ? `${key}.${extension}` : key;
    return path.join(packerCacheDir(options.env ?? process.env, cwd), name);
  }
  if (path.extname(targetPath) === '') return path.resolve(cwd, targetPath, `${key}.${extension || 'iso'}`);
  return path.resolve(cwd, targetPath);
}

async function cachedFileMatches(
  file: string,
  checksum: FileChecksum,
  signal: AbortSignal,
): Promise<boolean> {
  try {
    if (!(await fs.promises.stat(file)).isFile()) return false;
  } catch {
    return false;
  }
  return (await fileDigest(file, checksum, signal)) === checksum.value;
}

/**
 * Builds of one run that download the same image wait for each other (Packer takes a file lock) so
 * the second finds the first's file in the cache. Across processes the rename keeps the cache
 * consistent; both may download.
 */
const targetLocks = new Map<string, Promise<unknown>>();

async function withTargetLock<T>(target: string, fn: () => Promise<T>): Promise<T> {
  const before = targetLocks.get(target) ?? Promise.resolve();
  const mine = before.catch(() => undefined).then(fn);
  targetLocks.set(target, mine);
  try {
    return await mine;
  } finally {
    if (targetLocks.get(target) === mine) targetLocks.delete(target);
  }
}

/**
 * Progress as messages, few enough not to flood a CI log: one each time another tenth of a file of
 * known size has arrived, or every 100 MiB when the size is unknown.
 */
export class DownloadProgress {
  private reported = 0;

  constructor(
    private readonly ui: BuildUI,
    private readonly name: string,
  ) {}

  update(received: number, total: number | undefined): void {
    if (total !== undefined && total > 0) {
      const tenth = Math.floor((received * 10) / total);
      if (tenth <= this.reported) return;
      this.reported = tenth;
      this.ui.message(`${this.name}: ${tenth * 10}% (${formatBytes(received)} of ${formatBytes(total)})`);
      return;
    }
    const step = Math.floor(received / (100 * MIB));
    if (step <= this.reported) return;
    this.reported = step;
    this.ui.message(`${this.name}: ${formatBytes(received)}`);
  }
}

const MIB = 1024 * 1024;

export function formatBytes(n: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = n;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${n} B` : `${value.toFixed(1)} ${units[unit]}`;
}
