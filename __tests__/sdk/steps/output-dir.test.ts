import * as fs from 'node:fs';
import * as path from 'node:path';

import { OUTPUT_DIRECTORY, outputDirStep } from '../../../src/sdk/steps/output-dir';
import { cleanupContext, stepContext, tempDir } from './helpers';

describe('the output directory step', () => {
  let cwd: string;
  beforeEach(() => {
    cwd = tempDir('output-dir');
  });
  afterEach(() => fs.rmSync(cwd, { recursive: true, force: true }));

  it('makes output-<build name> in the working directory by default, and keeps it after a success', async () => {
    const { ctx, said } = stepContext(cwd);
    const step = outputDirStep();
    await step.run(ctx);
    const dir = path.join(cwd, 'output-box');
    expect(fs.statSync(dir).isDirectory()).toBe(true);
    expect(ctx.state.require(OUTPUT_DIRECTORY)).toBe(dir);
    // The write check leaves nothing behind.
    expect(fs.readdirSync(dir)).toEqual([]);
    await step.cleanup?.(cleanupContext(ctx, 'success'));
    expect(fs.existsSync(dir)).toBe(true);
    expect(said.say).toEqual([]);
  });

  it('makes the directory written, nested paths included', async () => {
    const { ctx } = stepContext(cwd);
    await outputDirStep({ path: 'out/images' }).run(ctx);
    expect(fs.statSync(path.join(cwd, 'out/images')).isDirectory()).toBe(true);
  });

  it.each(['failed', 'cancelled'] as const)('deletes the directory when the build %s', async (outcome) => {
    const { ctx, said } = stepContext(cwd);
    const step = outputDirStep({ path: 'out' });
    await step.run(ctx);
    fs.writeFileSync(path.join(cwd, 'out', 'disk.qcow2'), 'partial');
    await step.cleanup?.(cleanupContext(ctx, outcome));
    expect(fs.existsSync(path.join(cwd, 'out'))).toBe(false);
    expect(said.say).toEqual(['Deleting output directory...']);
  });

  it.each([
    [
      'a non-empty directory',
      (p: string) => {
        fs.mkdirSync(p);
        fs.writeFileSync(path.join(p, 'f'), 'x');
      },
    ],
    ['an empty directory', (p: string) => fs.mkdirSync(p)],
    ['a file', (p: string) => fs.writeFileSync(p, 'x')],
  ])('refuses %s that exists without -force, and leaves it alone in cleanup', async (_what, make) => {
    const existing = path.join(cwd, 'out');
    make(existing);
    const { ctx } = stepContext(cwd);
    const step = outputDirStep({ path: 'out' });
    await expect(step.run(ctx)).rejects.toThrow(
      'Output directory exists: out\n\nUse the force flag to delete it prior to building.',
    );
    await step.cleanup?.(cleanupContext(ctx, 'failed'));
    expect(fs.existsSync(existing)).toBe(true);
  });

  it('names the default directory in the error', async () => {
    fs.mkdirSync(path.join(cwd, 'output-box'));
    const { ctx } = stepContext(cwd);
    await expect(outputDirStep().run(ctx)).rejects.toThrow('Output directory exists: output-box\n');
  });

  it('with -force deletes what exists and starts empty', async () => {
    const existing = path.join(cwd, 'out');
    fs.mkdirSync(path.join(existing, 'old'), { recursive: true });
    fs.writeFileSync(path.join(existing, 'old', 'disk.img'), 'old');
    const { ctx, said } = stepContext(cwd, { force: true });
    await outputDirStep({ path: 'out' }).run(ctx);
    expect(fs.readdirSync(existing)).toEqual([]);
    expect(said.say).toEqual(['Deleting previous output directory...']);
  });

  it('reports a directory it cannot make', async () => {
    if (process.getuid?.() === 0) return; // root writes anywhere
    const parent = path.join(cwd, 'ro');
    fs.mkdirSync(path.join(parent, 'out'), { recursive: true });
    fs.chmodSync(path.join(parent, 'out'), 0o555);
    try {
      const { ctx } = stepContext(cwd);
      await expect(outputDirStep({ path: 'ro/out/sub' }).run(ctx)).rejects.toThrow(
        'mkdir ro/out/sub: permission denied',
      );
    } finally {
      fs.chmodSync(path.join(parent, 'out'), 0o755);
    }
  });
});
