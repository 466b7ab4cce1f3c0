/**
 * Evaluation is synchronous, so a signal listener cannot run while an expression is evaluated: the
 * build command listens only once its builds start, and an interrupt while the template is still
 * being loaded ends Kiln at once by the signal's default action (issue 20). Runs the built bundle,
 * as a user's Ctrl-C would reach it.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const root = path.resolve(__dirname, '..', '..');
const cli = path.join(root, 'dist', 'cli', 'index.js');

// Three million interpolations: far more than 20 s of synchronous evaluation on the project's machines.
const TEMPLATE = `
locals {
  slow = length(flatten([for i in range(1000) : [for j in range(1000) : [for k in range(3) : "\${i}-\${j}-\${k}"]]]))
}
source "null" "x" {
  communicator = "none"
}
build {
  sources = ["source.null.x"]
  provisioner "shell-local" {
    inline = ["echo \${local.slow}"]
  }
}
`;

describe('an interrupt during a slow evaluation', () => {
  jest.setTimeout(30_000);
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kiln-slow-eval-'));
    fs.writeFileSync(path.join(dir, 'a.pkr.hcl'), TEMPLATE);
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it.each(['SIGINT', 'SIGTERM'] as const)('%s stops kiln build promptly', async (signal) => {
    const child = spawn(process.execPath, [cli, 'build', 'a.pkr.hcl'], { cwd: dir, stdio: 'ignore' });
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      child.on('exit', (code, sig) => resolve({ code, signal: sig })),
    );
    try {
      // Long enough for Node to start and the evaluation to be under way, far shorter than it takes.
      await new Promise((r) => setTimeout(r, 2_000));
      expect(child.exitCode).toBeNull();
      const t0 = Date.now();
      child.kill(signal);
      const end = await Promise.race([exited, new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), 10_000))]);
      expect(end).toEqual({ code: null, signal });
      expect(Date.now() - t0).toBeLessThan(5_000);
    } finally {
      child.kill('SIGKILL');
    }
  });
});
