/** Kiln's own version (kept in step with package.json by a test). */
export const KILN_VERSION = '0.1.0';

/**
 * The HashiCorp Packer version Kiln is compatible with. `packer.version` in templates and
 * `required_version` constraints are checked against this.
 */
export const PACKER_COMPAT_VERSION = '1.14.2';
