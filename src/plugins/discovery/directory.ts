import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * Where Packer keeps installed plugins (packer/plugin_folders.go PluginFolder, with the SDK's
 * pathing.ConfigDir), so that a directory `packer init` or `packer plugins install` filled is the
 * one Kiln reads: `PACKER_PLUGIN_PATH` (a single directory), else `<config dir>/plugins`, where the
 * config dir is `$PACKER_CONFIG_DIR/.packer.d`, else `~/.packer.d` when it exists, else
 * `$XDG_CONFIG_HOME/packer`, else `~/.config/packer` (on Windows `%APPDATA%/packer.d`).
 */
export function pluginDirectory(
  env: Readonly<Record<string, string | undefined>>,
  platform: NodeJS.Platform = process.platform,
): string {
  const given = env.PACKER_PLUGIN_PATH;
  if (given) {
    const sep = platform === 'win32' ? ';' : ':';
    if (given.includes(sep)) {
      throw new Error(
        'Multiple paths are no longer supported for PACKER_PLUGIN_PATH.\n' +
          'This should be defined as one of the following options for your environment:' +
          given
            .split(sep)
            .map((p) => `\n* PACKER_PLUGIN_PATH=${p}`)
            .join(''),
      );
    }
    return given;
  }
  return path.join(configDirectory(env, platform), 'plugins');
}

function configDirectory(
  env: Readonly<Record<string, string | undefined>>,
  platform: NodeJS.Platform,
): string {
  if (platform === 'win32') {
    if (env.PACKER_CONFIG_DIR) return path.join(env.PACKER_CONFIG_DIR, 'packer.d');
    const home = env.APPDATA ?? env.USERPROFILE;
    if (!home) throw new Error('No %APPDATA% environment variable found, required to set Config Directory');
    return path.join(home, 'packer.d');
  }
  if (env.PACKER_CONFIG_DIR) return path.join(env.PACKER_CONFIG_DIR, '.packer.d');
  const home = env.HOME;
  if (!home) throw new Error('No $HOME environment variable found, required to set Config Directory');
  const legacy = path.join(home, '.packer.d');
  if (fs.existsSync(legacy)) return legacy;
  if (env.XDG_CONFIG_HOME) return path.join(env.XDG_CONFIG_HOME, 'packer');
  return path.join(home, '.config', 'packer');
}
