import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/**
 * Temporary directories for test files. Each is removed after the test file that made it (Jest's
 * globals exist here because this module is only ever imported from test files), so no test leaves
 * anything in the system temp directory (meta/temp-cleanup.test.ts checks it).
 */

const created: string[] = [];

afterAll(() => {
  // Tests chdir into their templates; leave before removing them (the next test file in this
  // worker process would otherwise start in a directory that no longer exists).
  let cwd = '';
  try {
    cwd = process.cwd();
  } catch {
    // already gone
  }
  if (cwd === '' || created.some((dir) => cwd === dir || cwd.startsWith(dir + path.sep)))
    process.chdir(os.tmpdir());
  for (const dir of created.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

/** A fresh, empty temporary directory named `prefix…`, removed after the test file. */
export function tempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  created.push(dir);
  return dir;
}

/** Writes `files` (relative path → text) below `dir`, making the directories they need. */
export function writeFiles(dir: string, files: Readonly<Record<string, string>>): string {
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

/** Writes files into a fresh temporary directory (removed after the test file) and returns its path. */
export function tempTemplate(files: Readonly<Record<string, string>>): string {
  return writeFiles(tempDir('kiln-template-'), files);
}
