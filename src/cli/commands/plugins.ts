import * as fs from 'node:fs';
import * as path from 'node:path';

import { describePlugin } from '../../plugins/describe';
import { listInstallations, pluginDirectory } from '../../plugins/discovery';
import {
  InstallError,
  InterruptedError,
  hostPlatform,
  installPlugin,
  placeBinary,
} from '../../plugins/install';
import { parsePluginSource } from '../../template/plugin-address';
import { templateComponentUses } from '../../template/component-uses';
import { parseConstraints, parseVersion } from '../../text/go-version';
import { FlagError, type FlagSpec, flagUsage, parseFlags } from '../flags';
import type { CommandIO } from '../io';
import { INTERRUPTED_MESSAGE, installSetup, interruptible } from './plugin-install-setup';

/**
 * `kiln plugins install|installed|remove|required`: Packer's plugins subcommands, on the same
 * plugin directory and layout, so either tool sees what the other installed.
 */

export const PLUGINS_USAGE = `Usage: kiln plugins <subcommand> [options] [args]
  This command groups subcommands for interacting with Packer plugins.

Subcommands:
    install      Install latest Packer plugin [matching version constraint]
    installed    List all installed Packer plugin binaries
    remove       Remove Packer plugins [matching a version]
    required     List plugins required by a config

Related but not under the "plugins" command :

- "kiln init <path>" will install all plugins required by a config.
`;

const INSTALL_FLAGS: readonly FlagSpec[] = [
  { kind: 'string', name: 'path', usage: 'Install the plugin from a locally-sourced plugin binary.' },
  { kind: 'bool', name: 'force', usage: 'Forces reinstallation of plugins, even if already installed.' },
];

const INSTALL_USAGE = `Usage: kiln plugins install [OPTIONS...] <plugin> [<version constraint>]

  This command will install the most recent compatible Packer plugin matching
  version constraint.
  When the version constraint is omitted, the most recent version will be
  installed.

  Ex: kiln plugins install github.com/hashicorp/happycloud v1.2.3
      kiln plugins install --path ./packer-plugin-happycloud "github.com/hashicorp/happycloud"

Options:

${flagUsage(INSTALL_FLAGS)}
`;

const REMOVE_USAGE = `Usage: kiln plugins remove <plugin> [<version constraint>]

  This command will remove one or more installed Packer plugins: those matching a version
  constraint (all versions when it is omitted) for the current OS and architecture, or the one
  binary given by its absolute path in the plugin directory.
`;

const REQUIRED_USAGE = `Usage: kiln plugins required <path>

  This command will list every Packer plugin required by a Packer config, in
  packer.required_plugins blocks. All binaries matching the required version
  constrain and the current OS and Architecture will be listed. The most recent
  version (and the first of the list) will be the one picked by Packer during a
  build.
`;

export async function runPlugins(args: readonly string[], io: CommandIO): Promise<number> {
  const [sub, ...rest] = args;
  const help = rest.some((a) => a === '-h' || a === '-help' || a === '--help');
  switch (sub) {
    case 'install':
      return help ? usage(io, INSTALL_USAGE, 0) : pluginsInstall(rest, io);
    case 'installed':
      return pluginsInstalled(io);
    case 'remove':
      return help ? usage(io, REMOVE_USAGE, 0) : pluginsRemove(rest, io);
    case 'required':
      return help ? usage(io, REQUIRED_USAGE, 0) : pluginsRequired(rest, io);
    case undefined:
    case '-h':
    case '-help':
    case '--help':
      io.stdout(PLUGINS_USAGE);
      return 0;
    default:
      io.stderr(`kiln plugins: unknown subcommand "${sub}"\n\n${PLUGINS_USAGE}`);
      return 127;
  }
}

function usage(io: CommandIO, text: string, code: number): number {
  (code === 0 ? io.stdout : io.stderr)(text);
  return code;
}

function directoryOrFail(io: CommandIO): string | undefined {
  try {
    return pluginDirectory(io.env);
  } catch (err) {
    io.stderr(
      `Error: Failed to get the plugin directory\n\nThe directory in which plugins are installed could not be fetched from the environment: ${(err as Error).message}\n`,
    );
    return undefined;
  }
}

async function pluginsInstall(args: readonly string[], io: CommandIO): Promise<number> {
  let parsed;
  try {
    parsed = parseFlags(args, INSTALL_FLAGS);
  } catch (e) {
    if (!(e instanceof FlagError)) throw e;
    io.stderr(`Failed to parse options: ${e.message}\n`);
    return 1;
  }
  const positional = parsed.args;
  if (positional.length < 1 || positional.length > 2) {
    io.stderr(
      `Invalid arguments, expected either 1 or 2 positional arguments, got ${positional.length}\n${INSTALL_USAGE}`,
    );
    return 1;
  }
  const [identifier, constraint = ''] = positional;
  const binaryPath = parsed.strings.get('path');
  if (binaryPath !== undefined && constraint !== '') {
    io.stderr(
      `Invalid arguments: a version cannot be specified when using --path to install a local plugin binary\n${INSTALL_USAGE}`,
    );
    return 1;
  }
  const source = parsePluginSource(identifier);
  if (!source.ok) {
    io.stderr(`Invalid source string "${identifier}": ${source.message}\n`);
    return 1;
  }
  if (binaryPath !== undefined) return installFromBinary(identifier, path.resolve(io.cwd, binaryPath), io);
  if (constraint !== '') {
    const c = parseConstraints(constraint);
    if (!c.ok) {
      io.stderr(`${c.message}\n`);
      return 1;
    }
    if (c.constraints.some((x) => x.version.prerelease !== '')) {
      io.stderr(`Unsupported prerelease for constraint "${constraint}"\n`);
      return 1;
    }
  }
  const interrupt = interruptible(io);
  let setup;
  try {
    setup = installSetup(io.env, interrupt.signal);
  } catch (err) {
    interrupt.stop();
    io.stderr(`Error: ${(err as Error).message}\n`);
    return 1;
  }
  try {
    const outcome = await installPlugin({
      source: identifier,
      constraints: constraint,
      directory: setup.directory,
      sources: setup.sources,
      force: parsed.bools.get('force') === true,
      upgrade: true,
      signal: interrupt.signal,
    });
    if (outcome.status === 'installed') {
      io.stdout(`Installed plugin ${identifier} v${outcome.version} in "${outcome.binary}"\n`);
    }
    return 0;
  } catch (err) {
    if (err instanceof InterruptedError) {
      io.stderr(INTERRUPTED_MESSAGE);
      return 1;
    }
    if (!(err instanceof InstallError)) throw err;
    io.stderr(`${err.message}\n`);
    return 1;
  } finally {
    setup.close();
    interrupt.stop();
  }
}

/** `-path`: a local binary, described, installed under its own version (Packer's InstallFromBinary). */
async function installFromBinary(identifier: string, binaryPath: string, io: CommandIO): Promise<number> {
  const directory = directoryOrFail(io);
  if (directory === undefined) return 1;
  const fail = (summary: string, detail: string): number => {
    io.stderr(`Error: ${summary}\n\n${detail}\n`);
    return 1;
  };
  let stat: fs.Stats;
  try {
    stat = fs.statSync(binaryPath);
  } catch (err) {
    return fail(
      'Unable to find plugin to promote',
      `The plugin "${identifier}" failed to be opened because of an error: ${(err as Error).message}`,
    );
  }
  if (stat.isDirectory()) {
    return fail(
      'Plugin to promote cannot be a directory',
      'The kiln plugins install command can only install binaries, not directories',
    );
  }
  let description;
  try {
    description = await describePlugin(binaryPath, { source: identifier });
  } catch (err) {
    return fail(
      'Failed to describe the plugin',
      `Kiln failed to run ${binaryPath} describe: ${(err as Error).message}`,
    );
  }
  const v = parseVersion(description.version);
  if (!v.ok) {
    return fail(
      'Invalid version',
      `Plugin's reported version ("${description.version}") is not semver-compatible: ${v.message}`,
    );
  }
  if (v.version.prerelease !== '' && v.version.prerelease !== 'dev') {
    return fail(
      'Invalid version',
      `Kiln can only install plugin releases with this command (ex: 1.0.0) or development pre-releases (ex: 1.0.0-dev), the binary's reported version is "${description.version}"`,
    );
  }
  const platform = hostPlatform();
  const core = v.version.segments.slice(0, 3).join('.');
  const noMeta = v.version.prerelease !== '' ? `${core}-${v.version.prerelease}` : core;
  const parts = identifier.split('/');
  const name = parts[parts.length - 1];
  const target = path.join(
    directory,
    ...parts,
    `packer-plugin-${name}_v${noMeta}_${description.apiVersion}_${platform.os}_${platform.arch}${platform.os === 'windows' ? '.exe' : ''}`,
  );
  try {
    placeBinary(target, fs.readFileSync(binaryPath));
  } catch (err) {
    return fail(
      "Failed to copy plugin binary's contents",
      `Failed to copy plugin binary from "${binaryPath}" to "${target}": ${(err as Error).message}`,
    );
  }
  io.stdout(`Successfully installed plugin ${identifier} from ${binaryPath} to ${target}\n`);
  return 0;
}

async function pluginsInstalled(io: CommandIO): Promise<number> {
  const directory = directoryOrFail(io);
  if (directory === undefined) return 1;
  for (const i of await listInstallations({ directory })) io.stdout(`${i.binary}\n`);
  return 0;
}

async function pluginsRemove(args: readonly string[], io: CommandIO): Promise<number> {
  if (args.length < 1 || args.length > 2) return usage(io, REMOVE_USAGE, 1);
  const directory = directoryOrFail(io);
  if (directory === undefined) return 1;
  const [target, constraint] = args;
  if (path.isAbsolute(target)) {
    if (args.length !== 1) {
      io.stderr('Unsupported: no version constraint may be specified with a local plugin path.\n');
      return 1;
    }
    const rel = path.relative(path.resolve(directory), path.resolve(target));
    if (rel.startsWith('..') || path.isAbsolute(rel)) {
      io.stderr(
        `Error: Invalid plugin location\n\nThe path "${target}" is not under the plugin directory inferred by Kiln (${directory}) and will not be removed.\n`,
      );
      return 1;
    }
    try {
      deletePluginBinary(target);
    } catch (err) {
      io.stderr(
        `Error: Failed to delete plugin\n\nThe plugin "${target}" failed to be deleted with the following error: "${(err as Error).message}"\n`,
      );
      return 1;
    }
    io.stdout(`${target}\n`);
    return 0;
  }
  const source = parsePluginSource(target);
  if (!source.ok) {
    io.stderr(`Invalid source string "${target}": ${source.message}\n`);
    return 1;
  }
  let constraints;
  if (constraint !== undefined) {
    const c = parseConstraints(constraint);
    if (!c.ok) {
      io.stderr(`${c.message}\n`);
      return 1;
    }
    constraints = c.constraints;
  }
  const installs = await listInstallations({
    directory,
    source: target,
    ...(constraints ? { constraints } : {}),
  });
  let code = 0;
  for (const i of installs) {
    try {
      deletePluginBinary(i.binary);
      io.stdout(`${i.binary}\n`);
    } catch (err) {
      io.stderr(`Failed to remove plugin "${i.binary}": "${(err as Error).message}"\n`);
      code = 1;
    }
  }
  if (installs.length === 0) {
    io.stderr(
      `No installed plugin found matching the plugin constraints ${target}${constraint !== undefined ? ` ${constraint}` : ''}\n`,
    );
    return 1;
  }
  return code;
}

function deletePluginBinary(binary: string): void {
  fs.rmSync(binary);
  fs.rmSync(`${binary}_SHA256SUM`, { force: true });
}

async function pluginsRequired(args: readonly string[], io: CommandIO): Promise<number> {
  if (args.length !== 1) return usage(io, REQUIRED_USAGE, 1);
  const directory = directoryOrFail(io);
  if (directory === undefined) return 1;
  const scan = templateComponentUses(args[0], io.cwd);
  for (const p of scan.requiredPlugins) {
    const c = parseConstraints(p.version === '' ? '>= 0.0.0' : p.version);
    const installs = c.ok
      ? await listInstallations({ directory, source: p.source, constraints: c.constraints })
      : [];
    // In ListInstallations' order, as Packer prints them: ascending, the one a build picks last.
    const paths = installs.map((i) => ` ${i.binary}`).join('');
    io.stdout(`${p.name} ${p.source} "${p.version}"${paths}\n`);
  }
  if (scan.requiredPlugins.length === 0) {
    io.stdout(`
No plugins requirement found, make sure you reference a Packer config
containing a packer.required_plugins block. See
https://www.packer.io/docs/templates/hcl_templates/blocks/packer
for more info.
`);
  }
  return 0;
}
