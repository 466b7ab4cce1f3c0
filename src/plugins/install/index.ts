/** Installing plugins: `kiln init`, `kiln plugins install`, the lock file (issue 17). */
export { extractBinary, UnsafeArchiveError } from './archive';
export {
  type HttpClient,
  type HttpClientOptions,
  createHttpClient,
  InterruptedError,
  proxyFor,
  UnreachableError,
} from './http';
export { type InitReport, type InitRequirement, type InitResult, initPlugins } from './init';
export {
  InstallError,
  type InstallOutcome,
  type InstallRequest,
  installPlugin,
  placeBinary,
} from './install';
export {
  LOCK_FILE_NAME,
  type LockFile,
  type LockedPlugin,
  binaryHashFromHex,
  formatLockFile,
  lockFilePath,
  readLockFile,
  writeLockFile,
} from './lock-file';
export { type Platform, hostPlatform } from './platform';
export { githubReleases } from './github-releases';
export { releaseSources } from './release-sources';
export { hostUrls, officialReleases, remoteReleases } from './release-site';
export { RateLimitError, type ReleaseSource } from './sources';
