import { readFileSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import * as path from 'node:path';
import { BoolType, StringType, setOf } from '../../values/types';
import { Value } from '../../values/value';
import { makeSet } from '../../values/set';
import { FunctionError, type FunctionSpec } from './function';
import { type FunctionOptions, registerFamily } from './index';
import { glob } from './support/glob';
import { base, clean, dir, expandHome, modeString } from './support/go-path';
import { makeTemplateFile } from './support/template-file';

/**
 * File system functions (go-cty-funcs filesystem, Packer's filebase64 and templatefile). Relative
 * paths resolve against options.baseDir (Packer's path.root), except abspath, which like Packer
 * resolves against the working directory.
 */

const pathParam = [{ name: 'path', type: StringType }];

/**
 * Whether `full` is neither a regular file nor a directory (those, and a missing path, are left to
 * the read and its own error).
 * A device or a pipe (`file("/dev/zero")`, `file("/dev/stdin")`) would be read synchronously until
 * it ends, which it may never do, with the process deaf to signals meanwhile; Go would read until
 * memory ran out. Such paths are refused.
 */
function isSpecialFile(full: string): boolean {
  const st = statSync(full, { throwIfNoEntry: false });
  return st !== undefined && !st.isFile() && !st.isDirectory();
}

function register(table: Map<string, FunctionSpec>, options: FunctionOptions): void {
  const home = (): string => options.env?.HOME ?? homedir();
  const expand = (p: string): string => {
    try {
      return expandHome(p, home());
    } catch (e) {
      throw new FunctionError(`failed to expand ~: ${(e as Error).message}`);
    }
  };
  const resolve = (p: string): string => clean(path.isAbsolute(p) ? p : path.join(options.baseDir, p));

  const readBytes = (p: string): Buffer => {
    const full = resolve(expand(p));
    try {
      if (isSpecialFile(full)) throw new FunctionError(`failed to read ${full}: not a regular file`);
      return readFileSync(full);
    } catch (e) {
      if (e instanceof FunctionError) throw e;
      if ((e as NodeJS.ErrnoException).code === 'ENOENT')
        throw new FunctionError(`no file exists at ${full}`);
      throw new FunctionError(`failed to read ${full}`);
    }
  };
  const readText = (p: string): string => {
    const bytes = readBytes(p);
    try {
      return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      throw new FunctionError(
        `contents of ${p} are not valid UTF-8; use the filebase64 function to obtain the Base64 encoded contents or the other file functions (e.g. filemd5, filesha256) to obtain file hashing results instead`,
      );
    }
  };

  table.set('file', {
    params: pathParam,
    returnType: () => StringType,
    impl: (a) => Value.string(readText(a[0].asString())),
  });

  table.set('filebase64', {
    params: pathParam,
    returnType: () => StringType,
    impl: (args) => {
      const p = args[0].asString();
      try {
        const full = resolve(p);
        if (isSpecialFile(full)) {
          throw new FunctionError(`failed to read file ${JSON.stringify(p)}: not a regular file`);
        }
        return Value.string(readFileSync(full).toString('base64'));
      } catch (e) {
        if (e instanceof FunctionError) throw e;
        const err = e as NodeJS.ErrnoException;
        const reason =
          err.code === 'ENOENT'
            ? 'no such file or directory'
            : err.code === 'EISDIR'
              ? 'is a directory'
              : err.message;
        throw new FunctionError(`failed to read file ${JSON.stringify(p)}: open ${p}: ${reason}`);
      }
    },
  });

  table.set('fileexists', {
    params: pathParam,
    returnType: () => BoolType,
    impl: (args) => {
      const full = resolve(expand(args[0].asString()));
      let st;
      try {
        st = statSync(full);
      } catch (e) {
        if (
          (e as NodeJS.ErrnoException).code === 'ENOENT' ||
          (e as NodeJS.ErrnoException).code === 'ENOTDIR'
        ) {
          return Value.False;
        }
        throw new FunctionError(`failed to stat ${full}`);
      }
      if (st.isFile()) return Value.True;
      const mode = modeString(st.mode, {
        dir: st.isDirectory(),
        symlink: false,
        fifo: st.isFIFO(),
        socket: st.isSocket(),
        char: st.isCharacterDevice(),
        block: st.isBlockDevice(),
      });
      throw new FunctionError(`${full} is not a regular file, but ${JSON.stringify(mode)}`);
    },
  });

  table.set('fileset', {
    params: [
      { name: 'path', type: StringType },
      { name: 'pattern', type: StringType },
    ],
    returnType: () => setOf(StringType),
    impl: (args) => {
      const root = resolve(args[0].asString());
      const pattern = clean(path.join(root, args[1].asString()));
      let matches: string[];
      try {
        matches = glob(pattern);
      } catch (e) {
        throw new FunctionError(`failed to glob pattern (${pattern}): ${(e as Error).message}`);
      }
      const files = matches
        .filter((m) => {
          try {
            return statSync(m).isFile();
          } catch {
            return false;
          }
        })
        .map((m) => path.relative(root, m).split(path.sep).join('/'));
      return makeSet(
        files.map((f) => Value.string(f)),
        StringType,
      );
    },
  });

  table.set('abspath', {
    params: pathParam,
    returnType: () => StringType,
    impl: (args) => Value.string(path.resolve(process.cwd(), args[0].asString()).split(path.sep).join('/')),
  });
  table.set('basename', {
    params: pathParam,
    returnType: () => StringType,
    impl: (a) => Value.string(base(a[0].asString())),
  });
  table.set('dirname', {
    params: pathParam,
    returnType: () => StringType,
    impl: (a) => Value.string(dir(a[0].asString())),
  });
  table.set('pathexpand', {
    params: pathParam,
    returnType: () => StringType,
    impl: (args) => Value.string(expand(args[0].asString())),
  });

  table.set(
    'templatefile',
    makeTemplateFile(readText, () => table),
  );
}

registerFamily(register);
