import { parseVersion } from './text/go-version';

/** Kiln's own version (kept in step with package.json by a test). */
export const KILN_VERSION = '0.1.0';

/**
 * The HashiCorp Packer version Kiln is compatible with. `packer.version` in templates and
 * `required_version` constraints are checked against this.
 */
export const PACKER_COMPAT_VERSION = '1.16.1';

/**
 * Names another Packer version for Kiln to claim, for templates that pin a version Kiln does not
 * claim yet (`required_version = ">= 1.17"`). Kiln then says so with a warning.
 */
export const PACKER_VERSION_ENV = 'KILN_PACKER_VERSION';

/** The version a run claims, and the warning to show when it is not Kiln's own. */
export interface PackerVersionClaim {
  readonly version: string;
  readonly warning?: { readonly summary: string; readonly detail: string };
}

export function claimedPackerVersion(env: Readonly<Record<string, string | undefined>>): PackerVersionClaim {
  const wanted = env[PACKER_VERSION_ENV]?.trim();
  if (wanted === undefined || wanted === '' || wanted === PACKER_COMPAT_VERSION) {
    return { version: PACKER_COMPAT_VERSION };
  }
  const parsed = parseVersion(wanted);
  if (!parsed.ok) {
    return {
      version: PACKER_COMPAT_VERSION,
      warning: {
        summary: `Ignoring ${PACKER_VERSION_ENV}`,
        detail: `${JSON.stringify(wanted)} is not a version; Kiln claims Packer ${PACKER_COMPAT_VERSION}.`,
      },
    };
  }
  const version = wanted.replace(/^v/, '');
  return {
    version,
    warning: {
      summary: `Kiln claims Packer version ${version} (${PACKER_VERSION_ENV})`,
      detail:
        `Kiln is compatible with Packer ${PACKER_COMPAT_VERSION}. Version constraints and ` +
        `packer.version now see ${version}, but features Packer added after ` +
        `${PACKER_COMPAT_VERSION} are not available.`,
    },
  };
}
