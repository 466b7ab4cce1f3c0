/**
 * Go's names for the platform a plugin binary is built for (GOOS, GOARCH), as they appear in
 * release file names and Packer's installed layout, and the platforms a lock file vouches for.
 */

export interface Platform {
  readonly os: string;
  readonly arch: string;
}

const GOARCH: Readonly<Record<string, string>> = { x64: 'amd64', arm64: 'arm64', ia32: '386', arm: 'arm' };
const GOOS: Readonly<Record<string, string>> = { win32: 'windows', sunos: 'solaris' };

export function hostPlatform(
  platform: NodeJS.Platform = process.platform,
  arch: string = process.arch,
): Platform {
  return { os: GOOS[platform] ?? platform, arch: GOARCH[arch] ?? arch };
}

/** `.exe` on Windows, as Packer names binaries there. */
export const binaryExtension = (p: Platform): string => (p.os === 'windows' ? '.exe' : '');

/**
 * The platforms whose release archives a lock file records (`zh:` hashes): what GitHub-hosted and
 * most self-hosted runners are, so a lock made on Linux also vouches for a macOS or Windows runner.
 */
export const LOCK_PLATFORMS: readonly Platform[] = ['linux', 'darwin', 'windows'].flatMap((os) =>
  ['amd64', 'arm64'].map((arch) => ({ os, arch })),
);
