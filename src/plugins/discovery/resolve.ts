import * as fs from 'node:fs';

import { type Diagnostic, errorDiag } from '../../hcl/diagnostics';
import { formatConstraints, parseConstraints } from '../../text/go-version';
import { type LockedPlugin, binaryHashFromHex, readLockFile } from '../install/lock-file';
import type { PluginDescription } from '../describe';
import type { PluginKind } from '../process';
import { type Installation, type ListOptions, listInstallations } from './installations';

/**
 * Which installed plugin provides each component type a template uses, as Packer decides it
 * (hcl2template/plugin.go DetectPluginBinaries, then packer/plugin.go Discover): first each
 * `required_plugins` entry, its highest installed version matching the constraint, its components
 * named after the entry's local name; then every other installed plugin, its highest version,
 * named after the plugin (`packer-plugin-<name>`): `<name>-<component>`, or `<name>` for the
 * plugin's default component. A name taken first is never replaced.
 */

/** The component name of a plugin's default component (plugin.DEFAULT_NAME). */
export const DEFAULT_COMPONENT_NAME = '-packer-default-plugin-name-';

export interface ComponentUse {
  readonly kind: PluginKind;
  readonly type: string;
}

export interface PluginRequirement {
  /** The local name in `required_plugins` (`docker = { ... }`): its components' prefix. */
  readonly accessor: string;
  /** `github.com/hashicorp/docker`. */
  readonly source: string;
  /** The go-version constraint, "" for any. */
  readonly constraint: string;
}

/** One component of an installed plugin: what to start for a type the template uses. */
export interface PluginComponent {
  readonly kind: PluginKind;
  /** The type as the template writes it: `docker`, `kilnfixture-my-builder`. */
  readonly type: string;
  /** Its name inside the plugin (`start <kind> <name>`). */
  readonly name: string;
  readonly binary: string;
  /** The plugin's source address when known (from required_plugins or where it is installed). */
  readonly source: string;
  readonly version: string;
  readonly description: PluginDescription;
  /** Set when Kiln cannot run this plugin (an SDK before v0.6.0): the message to show. */
  readonly refusal?: string;
}

export interface ResolveOptions {
  /** The plugin directory; undefined when there is none (Packer then finds nothing installed). */
  readonly directory: string | undefined;
  /** The component types the template uses that should come from a plugin, if one is installed. */
  readonly uses: readonly ComponentUse[];
  /** The required plugins to look for (those Kiln satisfies natively left out by the caller). */
  readonly requirements: readonly PluginRequirement[];
  readonly releasesOnly?: boolean;
  readonly describe?: ListOptions['describe'];
  readonly log?: (line: string) => void;
  /**
   * The template's lock file (`.kiln.lock.hcl`, issue 17), when it may have one: a required plugin
   * it lists must be installed at its locked version, and the binary must be one it vouches for.
   */
  readonly lockFile?: string;
}

export interface Resolution {
  /** By `<kind> <type>`: the uses an installed plugin provides. */
  readonly components: ReadonlyMap<string, PluginComponent>;
  /** Packer's "Missing plugins" (required, not installed) and listing failures; no range, as Packer. */
  readonly diagnostics: readonly Diagnostic[];
}

export const useKey = (kind: PluginKind, type: string): string => `${kind} ${type}`;

export async function resolvePluginComponents(opts: ResolveOptions): Promise<Resolution> {
  const wanted = new Set(opts.uses.map((u) => useKey(u.kind, u.type)));
  const components = new Map<string, PluginComponent>();
  const taken = new Set<string>();
  const diagnostics: Diagnostic[] = [];
  const directory = opts.directory;
  const list = (more: Omit<ListOptions, 'directory'>): Promise<Installation[]> =>
    directory === undefined ? Promise.resolve([]) : listInstallations({ directory, ...more });
  const common = {
    releasesOnly: opts.releasesOnly,
    describe: opts.describe,
    log: opts.log,
  };
  const register = (prefix: string, install: Installation, source: string): void => {
    for (const [kind, names] of componentLists(install.description)) {
      for (const name of names) {
        const type = name === DEFAULT_COMPONENT_NAME ? prefix : `${prefix}-${name}`;
        const key = useKey(kind, type);
        if (taken.has(key)) continue;
        taken.add(key);
        if (!wanted.has(key)) continue;
        components.set(key, {
          kind,
          type,
          name,
          binary: install.binary,
          source,
          version: install.version,
          description: install.description,
          ...(install.refusal !== undefined ? { refusal: install.refusal } : {}),
        });
      }
    }
  };

  const missing: string[] = [];
  let lock: ReadonlyMap<string, LockedPlugin> | undefined;
  try {
    lock = opts.lockFile !== undefined ? readLockFile(opts.lockFile) : undefined;
  } catch (err) {
    diagnostics.push(errorDiag('Invalid lock file', (err as Error).message));
  }
  for (const req of opts.requirements) {
    const locked = lock?.get(req.source);
    const parsed = parseConstraints(
      locked ? `${req.constraint || '>= 0'}, = ${locked.version}` : req.constraint,
    );
    // decodePackerBlocks reported a constraint that does not parse.
    if (!parsed.ok) continue;
    const installs = await list({ ...common, source: req.source, constraints: parsed.constraints });
    const best = installs[installs.length - 1];
    if (!best) {
      missing.push(
        locked
          ? `* ${req.source} ${locked.version} (the version .kiln.lock.hcl locks)`
          : `* ${req.source} ${formatConstraints(parsed.constraints)}`,
      );
      continue;
    }
    if (locked && !locked.hashes.includes(installedHash(best.binary))) {
      diagnostics.push(
        errorDiag(
          'Plugin does not match the lock file',
          `The installed ${req.source} ${best.version} (${best.binary}) is not a build that .kiln.lock.hcl ` +
            'records for it. Run kiln init for this project: it installs the locked build, checked against the lock.',
        ),
      );
      continue;
    }
    register(req.accessor, best, req.source);
  }
  if (missing.length > 0) {
    diagnostics.push(
      errorDiag(
        'Missing plugins',
        `The following plugins are required, but not installed:\n\n${missing.join('\n')}\n\n` +
          // Packer says "packer init"; Kiln's init also writes and checks the lock file.
          `Did you run kiln init for this project ?`,
      ),
    );
  }

  // Discover: only plugins whose name could make a type still wanted are described.
  const names = new Set<string>();
  for (const u of opts.uses) {
    if (components.has(useKey(u.kind, u.type))) continue;
    for (const candidate of namePrefixes(u.type)) names.add(candidate);
  }
  if (names.size > 0 && directory !== undefined) {
    const installs = await list({ ...common, names });
    const highest = new Map<string, Installation>();
    for (const i of installs) highest.set(i.name, i);
    for (const [name, install] of [...highest].sort(([a], [b]) => (a < b ? -1 : 1))) {
      register(name, install, sourceOf(directory, install.binary));
    }
  }
  return { components, diagnostics };
}

/** The `h1:` hash of an installed binary, from its `_SHA256SUM` (which listing checked against it). */
function installedHash(binary: string): string {
  try {
    return binaryHashFromHex(fs.readFileSync(`${binary}_SHA256SUM`, 'utf8').slice(0, 64));
  } catch {
    return '';
  }
}

/** `a-b-c` can be plugin `a-b-c`'s default component, `a-b`'s `c` or `a`'s `b-c`. */
function namePrefixes(type: string): string[] {
  const parts = type.split('-');
  return parts.map((_, i) => parts.slice(0, i + 1).join('-'));
}

function componentLists(d: PluginDescription): [PluginKind, readonly string[]][] {
  return [
    ['builder', d.builders],
    ['provisioner', d.provisioners],
    ['post-processor', d.postProcessors],
    ['datasource', d.datasources],
  ];
}

function sourceOf(directory: string, binary: string): string {
  const rel = binary
    .slice(directory.length)
    .split(/[\\/]+/)
    .filter(Boolean);
  return rel.slice(0, -1).join('/');
}
