import * as fs from 'fs';
import * as path from 'path';

import { type Diagnostic, errorDiag } from '../hcl/diagnostics';
import { compareCodePoints } from '../text/code-points';

/**
 * Which files make up a template, as Packer finds them: the configuration files of a directory (not
 * recursive) or one named file, plus the `*.auto.pkrvars.*` files that sit beside them.
 */
export interface TemplateFiles {
  /** Packer's path.root: the directory given, or the directory of the file given (as typed, not absolute). */
  readonly root: string;
  /** `*.pkr.hcl` files (sorted), then `*.pkr.json` files (sorted); names joined to the path as given. */
  readonly configFiles: readonly string[];
  /** `*.auto.pkrvars.hcl` files (sorted), then `*.auto.pkrvars.json` ones; only found in a directory. */
  readonly autoVarFiles: readonly string[];
  readonly diagnostics: Diagnostic[];
}

export const CONFIG_SUFFIXES = { hcl: '.pkr.hcl', json: '.pkr.json' } as const;
export const AUTO_VAR_SUFFIXES = { hcl: '.auto.pkrvars.hcl', json: '.auto.pkrvars.json' } as const;

/**
 * Finds the files of the template named on the command line. File names stay relative to `cwd`
 * exactly as the user wrote them (Packer prints them that way in diagnostics); `cwd` is only used
 * to reach the disk.
 */
export function discoverTemplate(pathArg: string, cwd: string): TemplateFiles {
  const abs = path.resolve(cwd, pathArg);
  let isDir: boolean;
  try {
    isDir = fs.statSync(abs).isDirectory();
  } catch (e) {
    // Packer reports the os.Stat error verbatim, prefixed with the quoted path.
    const detail = goFsError('stat', pathArg, e);
    return {
      root: pathArg,
      configFiles: [],
      autoVarFiles: [],
      diagnostics: [errorDiag(`"${pathArg}": ${detail}`, '')],
    };
  }
  if (!isDir) {
    const configFiles =
      pathArg.endsWith(CONFIG_SUFFIXES.hcl) || pathArg.endsWith(CONFIG_SUFFIXES.json) ? [pathArg] : [];
    return {
      root: goDir(pathArg),
      configFiles,
      autoVarFiles: [],
      diagnostics: configFiles.length ? [] : [noConfigFiles(pathArg)],
    };
  }
  let names: string[];
  try {
    names = fs
      .readdirSync(abs, { withFileTypes: true })
      .filter((d) => !d.isDirectory())
      .map((d) => d.name)
      // Go sorts directory entries by their bytes (os.ReadDir), which is code point order.
      .sort(compareCodePoints);
  } catch (e) {
    return {
      root: pathArg,
      configFiles: [],
      autoVarFiles: [],
      diagnostics: [errorDiag('Cannot read hcl directory', goFsError('open', pathArg, e))],
    };
  }
  const pick = (suffix: string): string[] =>
    names.filter((n) => n.endsWith(suffix)).map((n) => path.join(pathArg, n));
  const configFiles = [...pick(CONFIG_SUFFIXES.hcl), ...pick(CONFIG_SUFFIXES.json)];
  return {
    root: pathArg,
    configFiles,
    autoVarFiles: [...pick(AUTO_VAR_SUFFIXES.hcl), ...pick(AUTO_VAR_SUFFIXES.json)],
    diagnostics: configFiles.length ? [] : [noConfigFiles(pathArg)],
  };
}

function noConfigFiles(pathArg: string): Diagnostic {
  return errorDiag(
    `Could not find any config file in ${pathArg}`,
    'A config file must be suffixed with `.pkr.hcl` or `.pkr.json`. A folder can be referenced.',
  );
}

const GO_ERRNO_TEXT: Readonly<Record<string, string>> = {
  ENOENT: 'no such file or directory',
  ENOTDIR: 'not a directory',
  EACCES: 'permission denied',
  EISDIR: 'is a directory',
  ELOOP: 'too many levels of symbolic links',
  ENAMETOOLONG: 'file name too long',
};

/** A Node file-system error in Go's *PathError wording: `stat foo: no such file or directory`. */
export function goFsError(op: string, p: string, e: unknown): string {
  const code = (e as { code?: unknown }).code;
  const text = typeof code === 'string' ? (GO_ERRNO_TEXT[code] ?? code.toLowerCase()) : String(e);
  return `${op} ${p}: ${text}`;
}

/**
 * Go's filepath.Dir: everything before the last separator, cleaned (`./sub/t.pkr.hcl` → `sub`,
 * `sub//t.pkr.hcl` → `sub`, `t.pkr.hcl` → `.`), which is how Packer gets a file's path.root.
 */
export function goDir(p: string): string {
  const cut = p.lastIndexOf(path.sep === '\\' ? '\\' : '/');
  const dir = p.slice(0, cut + 1);
  if (dir === '') return '.';
  const cleaned = path.normalize(dir);
  return cleaned.length > 1 && cleaned.endsWith(path.sep) ? cleaned.slice(0, -1) : cleaned;
}
