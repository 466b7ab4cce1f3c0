import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

import { sleep } from '../../src/engine/abort';
import { readLedger } from '../../src/engine/ledger';
import { runBuilds } from '../../src/engine/run';
import { builderStepsOptions, runSteps } from '../../src/engine/steps';
import type {
  Artifact,
  BuildEvent,
  BuilderRuntime,
  PostProcessorRuntime,
  ProvisionerRuntime,
  RunOptions,
  Step,
  StepContext,
} from '../../src/engine/types';
import { RuntimeRegistry } from '../../src/sdk/runtimes';
import { loadTemplate, prepareBuilds } from '../../src/template/load';
import type { ExpandedBuild } from '../../src/template/model';
import { templateRunTimeDecoder } from '../../src/template/run-time-decoding';
import { builtinComponents, tempDir, tempTemplate } from '../template/helpers';

/**
 * The engine with components written here: a builder whose steps record what they create in the
 * ledger and a log, provisioners that fail on demand, post-processors that make new artifacts.
 * Templates are real (parsed, decoded with the real schemas of `file`, `shell-local`, `manifest`,
 * `checksum`), only the runtimes are the test's.
 */

interface World {
  log: string[];
  provisioned: string[];
  failProvisioner: number; // fail this many times
  failCleanupProvisioner?: boolean;
  failAfter?: boolean; // the step after provisioning fails
  slowStep: boolean;
}

function artifact(id: string, world: World): Artifact {
  return {
    builderId: 'test',
    id,
    files: [],
    description: `artifact ${id}`,
    state: {},
    destroy: async () => {
      world.log.push(`destroy ${id}`);
    },
  };
}

/** The fake components; `provisioner` replaces the fake shell-local (a type is registered once). */
function runtimes(world: World, replace: { provisioner?: ProvisionerRuntime } = {}): RuntimeRegistry {
  const step = (name: string): Step => ({
    name,
    async run(ctx) {
      world.log.push(`run ${name}`);
      ctx.ledger.record({ id: `${ctx.build.name}/${name}`, kind: 'test-thing', data: {} });
      if (name === 'slow' && world.slowStep) await sleep(10_000, ctx.signal);
      if (name === 'after' && world.failAfter) throw new Error('commit failed on purpose');
    },
    async cleanup(ctx) {
      world.log.push(`cleanup ${name} (${ctx.outcome})`);
      ctx.ledger.release(`${ctx.build.name}/${name}`);
    },
  });
  const builder: BuilderRuntime = {
    type: 'file',
    async run(_config, ctx, provision) {
      const steps: Step[] = [
        step('create'),
        step('slow'),
        {
          name: 'provision',
          run: (c: StepContext) => provision.run(null as never, { ID: 'i-123', Host: '10.0.0.9' }, c),
          cleanup: (c) => provision.cleanup(c),
        },
        step('after'),
      ];
      const r = await runSteps(steps, ctx, builderStepsOptions(ctx));
      if (r.outcome !== 'success') throw r.error;
      return artifact('built', world);
    },
  };
  const provisioner: ProvisionerRuntime = {
    type: 'shell-local',
    async provision(config, ctx) {
      const inline = config.view.strings('inline') ?? [];
      if (world.failCleanupProvisioner && inline[0]?.startsWith('cleanup')) throw new Error('cleanup broke');
      if (world.failProvisioner > 0) {
        world.failProvisioner--;
        throw new Error('provisioner failed on purpose');
      }
      world.provisioned.push(...inline);
      ctx.ui.say(`ran ${inline.join(' ')}`);
    },
  };
  const pp = (type: string, keepInput: boolean): PostProcessorRuntime => ({
    type,
    async postProcess(_config, input) {
      world.log.push(`${type} on ${input.id}`);
      return { artifact: artifact(`${type}(${input.id})`, world), keepInput, forceOverride: false };
    },
  });
  return new RuntimeRegistry([
    {
      builders: [builder],
      provisioners: [replace.provisioner ?? provisioner],
      postProcessors: [pp('manifest', true), pp('checksum', false)],
    },
  ]);
}

async function builds(files: Record<string, string>, only: string[] = []): Promise<ExpandedBuild[]> {
  const dir = tempTemplate(files);
  const components = builtinComponents();
  const loaded = await loadTemplate({ path: '.', cwd: dir, env: {}, vars: [], varFiles: [], ...components });
  const diags = [...loaded.template.diagnostics, ...loaded.template.initDiagnostics];
  const prepared = prepareBuilds(loaded, { only, except: [], registry: components.registry });
  diags.push(...prepared.diagnostics);
  if (diags.some((d) => d.severity === 'error')) throw new Error(diags.map((d) => d.summary).join('; '));
  return prepared.builds;
}

const TEMPLATE = `
variable "password" {
  type      = string
  default   = "correct-horse"
  sensitive = true
}
source "file" "a" {
  content = "x"
  target  = "a"
}
source "file" "b" {
  content = "x"
  target  = "b"
}
build {
  sources = ["file.a", "file.b"]
  provisioner "shell-local" {
    inline = ["host=\${build.Host}", "id=\${build.ID}", "name=\${source.name}", "pw=\${var.password}"]
  }
}
`;

function options(events: BuildEvent[], over: Partial<RunOptions> = {}): RunOptions {
  return {
    parallelBuilds: 0,
    onError: 'cleanup',
    force: false,
    debug: false,
    signal: new AbortController().signal,
    events: (e) => events.push(e),
    secrets: ['correct-horse'],
    cwd: process.cwd(),
    templateDir: '.',
    tempRoot: tempDir('kiln-engine-'),
    ...over,
  };
}

const world = (): World => ({ log: [], provisioned: [], failProvisioner: 0, slowStep: false });

describe('runBuilds', () => {
  it('provisions with the values the builder generated and cleans up in reverse order', async () => {
    const w = world();
    const events: BuildEvent[] = [];
    const run = await runBuilds(
      await builds({ 'a.pkr.hcl': TEMPLATE }, ['file.a']),
      runtimes(w),
      templateRunTimeDecoder,
      options(events),
    );
    expect(run.results.map((r) => [r.name, r.error])).toEqual([['file.a', undefined]]);
    expect(w.provisioned).toEqual(['host=10.0.0.9', 'id=i-123', 'name=a', 'pw=correct-horse']);
    expect(w.log).toEqual([
      'run create',
      'run slow',
      'run after',
      'cleanup after (success)',
      'cleanup slow (success)',
      'cleanup create (success)',
    ]);
    expect(run.results[0].artifacts.map((a) => a.id)).toEqual(['built']);
    expect(run.results[0].ledger).toBeUndefined();
    // Every event is masked: the sensitive variable's value never leaves the engine.
    const text = JSON.stringify(events);
    expect(text).toContain('pw=<sensitive>');
    expect(text).not.toContain('correct-horse');
    expect(events.map((e) => e.type)).toEqual(
      expect.arrayContaining([
        'run-start',
        'build-start',
        'step-start',
        'step-end',
        'ui',
        'artifact',
        'build-end',
        'run-end',
      ]),
    );
  });

  it('retries a provisioner max_retries times, then fails the build and still cleans up', async () => {
    const retrying = TEMPLATE.replace(
      'provisioner "shell-local" {',
      'provisioner "shell-local" {\n    max_retries = 1',
    );
    const w = world();
    w.failProvisioner = 1;
    const ok = await runBuilds(
      await builds({ 'a.pkr.hcl': retrying }, ['file.a']),
      runtimes(w),
      templateRunTimeDecoder,
      options([]),
    );
    expect(ok.results[0].error).toBeUndefined();
    const w2 = world();
    w2.failProvisioner = 5;
    const failed = await runBuilds(
      await builds({ 'a.pkr.hcl': retrying }, ['file.a']),
      runtimes(w2),
      templateRunTimeDecoder,
      options([]),
    );
    expect(failed.results[0].error).toBe('provisioner failed on purpose');
    expect(w2.log).toEqual(['run create', 'run slow', 'cleanup slow (failed)', 'cleanup create (failed)']);
  }, 20_000);

  const withCleanupProvisioner = TEMPLATE.replace(
    'build {',
    'build {\n  error-cleanup-provisioner "shell-local" {\n    inline = ["cleanup for ${source.name}"]\n  }',
  );
  const said = (events: BuildEvent[]): string[] =>
    events.flatMap((e) => (e.type === 'ui' ? [`${e.level} ${e.text}`] : []));
  const CLEANUP_SAY = 'say Provisioning step had errors: Running the cleanup provisioner, if present...';

  it('runs the error-cleanup-provisioner when provisioning fails', async () => {
    const w = world();
    w.failProvisioner = 1;
    const events: BuildEvent[] = [];
    const run = await runBuilds(
      await builds({ 'a.pkr.hcl': withCleanupProvisioner }, ['file.a']),
      runtimes(w),
      templateRunTimeDecoder,
      options(events),
    );
    expect(run.results[0].error).toBe('provisioner failed on purpose');
    expect(w.provisioned).toEqual(['cleanup for a']);
    expect(said(events)).toContain(CLEANUP_SAY);
  });

  it("runs it too when a step after provisioning fails, as Packer's StepProvision cleanup does", async () => {
    const w = world();
    w.failAfter = true;
    const events: BuildEvent[] = [];
    const run = await runBuilds(
      await builds({ 'a.pkr.hcl': withCleanupProvisioner }, ['file.a']),
      runtimes(w),
      templateRunTimeDecoder,
      options(events),
    );
    expect(run.results[0].error).toBe('commit failed on purpose');
    expect(w.provisioned).toEqual([
      'host=10.0.0.9',
      'id=i-123',
      'name=a',
      'pw=correct-horse',
      'cleanup for a',
    ]);
    expect(said(events)).toContain(CLEANUP_SAY);
  });

  it('says so even without an error-cleanup-provisioner, and a failing one changes the error', async () => {
    const w = world();
    w.failProvisioner = 1;
    const events: BuildEvent[] = [];
    await runBuilds(
      await builds({ 'a.pkr.hcl': TEMPLATE }, ['file.a']),
      runtimes(w),
      templateRunTimeDecoder,
      options(events),
    );
    expect(said(events)).toContain(CLEANUP_SAY);

    const w2 = world();
    w2.failProvisioner = 1;
    w2.failCleanupProvisioner = true;
    const run = await runBuilds(
      await builds({ 'a.pkr.hcl': withCleanupProvisioner }, ['file.a']),
      runtimes(w2),
      templateRunTimeDecoder,
      options([]),
    );
    expect(run.results[0].error).toBe(
      'Cleanup failed: cleanup broke. Original Provisioning error: provisioner failed on purpose',
    );
  });

  it('with -on-error=run-cleanup-provisioner, runs only the cleanup provisioner and leaves the rest', async () => {
    const w = world();
    w.failAfter = true;
    const events: BuildEvent[] = [];
    const run = await runBuilds(
      await builds({ 'a.pkr.hcl': withCleanupProvisioner }, ['file.a']),
      runtimes(w),
      templateRunTimeDecoder,
      options(events, { onError: 'run-cleanup-provisioner' }),
    );
    expect(w.provisioned.at(-1)).toBe('cleanup for a');
    expect(w.log).toEqual(['run create', 'run slow', 'run after']);
    // In Packer's order: the failed step's cleanup is skipped first, then the provision step cleans up.
    expect(said(events).filter((l) => l.startsWith('error') || l === CLEANUP_SAY)).toEqual(
      expect.arrayContaining([
        'error commit failed on purpose',
        'error Step "after" failed, aborting...',
        CLEANUP_SAY,
        'error aborted: skipping cleanup of step "slow"',
        'error aborted: skipping cleanup of step "create"',
      ]),
    );
    const order = said(events).filter((l) => l.startsWith('error') || l === CLEANUP_SAY);
    expect(order.slice(-5)).toEqual([
      'error commit failed on purpose',
      'error Step "after" failed, aborting...',
      CLEANUP_SAY,
      'error aborted: skipping cleanup of step "slow"',
      'error aborted: skipping cleanup of step "create"',
    ]);
    expect(readLedger(run.ledgers[0]).outstanding.map((r) => r.id)).toEqual([
      'file.a/create',
      'file.a/slow',
      'file.a/after',
    ]);
  });

  it('leaves resources listed in the ledger with -on-error=abort', async () => {
    const w = world();
    w.failProvisioner = 1;
    const run = await runBuilds(
      await builds({ 'a.pkr.hcl': TEMPLATE }, ['file.a']),
      runtimes(w),
      templateRunTimeDecoder,
      options([], { onError: 'abort' }),
    );
    expect(w.log).toEqual(['run create', 'run slow']);
    expect(run.ledgers).toHaveLength(1);
    expect(readLedger(run.ledgers[0]).outstanding.map((r) => r.id)).toEqual(['file.a/create', 'file.a/slow']);
    // Private, as a sweep requires before it trusts a ledger: the directory 0700, the ledger 0600.
    expect(fs.statSync(path.dirname(run.ledgers[0])).mode & 0o777).toBe(0o700);
    expect(fs.statSync(run.ledgers[0]).mode & 0o777).toBe(0o600);
  });

  it('cancels every running build, reaching the step that waits, and cleans up', async () => {
    const w = world();
    w.slowStep = true;
    const controller = new AbortController();
    const pending = runBuilds(
      await builds({ 'a.pkr.hcl': TEMPLATE }),
      runtimes(w),
      templateRunTimeDecoder,
      options([], { signal: controller.signal }),
    );
    setTimeout(() => controller.abort(), 200);
    const t0 = Date.now();
    const run = await pending;
    expect(Date.now() - t0).toBeLessThan(5_000);
    expect(run.cancelled).toBe(true);
    expect(run.results.every((r) => r.cancelled && r.error === 'Build was cancelled.')).toBe(true);
    expect(w.log.filter((l) => l.startsWith('cleanup')).sort()).toEqual([
      'cleanup create (cancelled)',
      'cleanup create (cancelled)',
      'cleanup slow (cancelled)',
      'cleanup slow (cancelled)',
    ]);
    expect(run.ledgers).toEqual([]);
  });

  it('stops a provisioner at its timeout, and pause_before can be cancelled', async () => {
    const w = world();
    const slow: ProvisionerRuntime = {
      type: 'shell-local',
      provision: (_config, ctx) => sleep(10_000, ctx.signal),
    };
    const registry = runtimes(w, { provisioner: slow });
    const timed = TEMPLATE.replace(
      'provisioner "shell-local" {',
      'provisioner "shell-local" {\n    timeout = "300ms"',
    );
    const events: BuildEvent[] = [];
    const t0 = Date.now();
    const run = await runBuilds(
      await builds({ 'a.pkr.hcl': timed }, ['file.a']),
      registry,
      templateRunTimeDecoder,
      options(events),
    );
    expect(Date.now() - t0).toBeLessThan(5_000);
    expect(run.results[0].error).toBe('provisioner timed out after 300ms');
    expect(JSON.stringify(events)).toContain('Cancelling provisioner after a timeout...');

    const paused = TEMPLATE.replace(
      'provisioner "shell-local" {',
      'provisioner "shell-local" {\n    pause_before = "1h"',
    );
    const controller = new AbortController();
    const pending = runBuilds(
      await builds({ 'a.pkr.hcl': paused }, ['file.a']),
      runtimes(world()),
      templateRunTimeDecoder,
      options(events, { signal: controller.signal }),
    );
    setTimeout(() => controller.abort(), 200);
    const cancelled = await pending;
    expect(cancelled.cancelled).toBe(true);
    expect(JSON.stringify(events)).toContain('Pausing 1h0m0s before the next provisioner...');
  });

  it('limits parallel builds', async () => {
    const w = world();
    const events: BuildEvent[] = [];
    await runBuilds(
      await builds({ 'a.pkr.hcl': TEMPLATE }),
      runtimes(w),
      templateRunTimeDecoder,
      options(events, { parallelBuilds: 1 }),
    );
    const order = events
      .filter((e) => e.type === 'build-start' || e.type === 'build-end')
      .map((e) => `${e.type} ${'build' in e ? e.build : ''}`);
    expect(order).toEqual([
      'build-start file.a',
      'build-end file.a',
      'build-start file.b',
      'build-end file.b',
    ]);
  });

  it("applies Packer's post-processor chain rules", async () => {
    const t = TEMPLATE.replace(
      'build {',
      'build {\n  post-processor "checksum" {}\n  post-processors {\n    post-processor "manifest" {}\n    post-processor "checksum" {}\n  }',
    );
    const w = world();
    const run = await runBuilds(
      await builds({ 'a.pkr.hcl': t }, ['file.a']),
      runtimes(w),
      templateRunTimeDecoder,
      options([]),
    );
    // manifest keeps the builder's artifact; the chained checksum destroys manifest's output.
    expect(run.results[0].artifacts.map((a) => a.id)).toEqual([
      'built',
      'checksum(built)',
      'checksum(manifest(built))',
    ]);
    expect(w.log).toContain('destroy manifest(built)');
    expect(w.log).not.toContain('destroy built');
  });

  it('ends a chain quietly at a post-processor that returns no artifact; reports kept intermediates; collects Destroy errors', async () => {
    const w = world();
    const native = runtimes(w);
    // manifest keeps its input; compress returns nothing; checksum keeps nothing, and the
    // artifacts it makes cannot be destroyed.
    const made = (type: string, input: Artifact): Artifact => ({
      ...artifact(`${type}(${input.id})`, w),
      destroy: () =>
        type === 'checksum'
          ? Promise.reject(new Error(`${type}(${input.id}) is busy`))
          : Promise.resolve(void w.log.push(`destroy ${type}(${input.id})`)),
    });
    const pp = (type: string, keepInput: boolean, none = false): PostProcessorRuntime => ({
      type,
      async postProcess(_config, input) {
        w.log.push(`${type} on ${input.id}`);
        return { ...(none ? {} : { artifact: made(type, input) }), keepInput, forceOverride: false };
      },
    });
    const registry = new RuntimeRegistry([
      {
        builders: [native.builder('file')!],
        provisioners: [native.provisioner('shell-local')!],
        postProcessors: [pp('manifest', true), pp('checksum', false), pp('compress', false, true)],
      },
    ]);
    const t = TEMPLATE.replace(
      'build {',
      [
        'build {',
        '  post-processors {',
        '    post-processor "checksum" {}',
        '    post-processor "manifest" {}',
        '  }',
        '  post-processors {',
        '    post-processor "checksum" {}',
        '    post-processor "compress" {}',
        '    post-processor "manifest" {}',
        '  }',
        '  post-processors {',
        '    post-processor "manifest" {}',
        '    post-processor "checksum" {}',
        '    post-processor "checksum" {}',
        '  }',
      ].join('\n'),
    );
    const run = await runBuilds(
      await builds({ 'a.pkr.hcl': t }, ['file.a']),
      registry,
      templateRunTimeDecoder,
      options([]),
    );
    // Chain 2 stopped at compress (no error, no artifact, manifest never ran on it); chain 3's
    // second checksum could not destroy its input: one more error, the other chains' work stands.
    expect(w.log.filter((l) => l.includes(' on '))).toEqual([
      'checksum on built',
      'manifest on checksum(built)',
      'checksum on built',
      'compress on checksum(built)',
      'manifest on built',
      'checksum on manifest(built)',
      'checksum on checksum(manifest(built))',
    ]);
    expect(run.results[0].error).toBe(
      '1 error(s) occurred:\n\n* Failed cleaning up prior artifact: checksum(manifest(built)) is busy; pp is checksum',
    );
    // Chain 3's manifest kept the builder's artifact; its checksum did not keep manifest's.
    expect(w.log).not.toContain('destroy built');
    expect(w.log).toContain('destroy manifest(built)');
    // (A failed build reports no artifacts, as Packer's build command.)
    expect(run.results[0].artifacts).toEqual([]);
  });

  it("reports the intermediate artifacts a chain keeps, as Packer's CoreBuild.Run", async () => {
    const t = TEMPLATE.replace(
      'build {',
      'build {\n  post-processors {\n    post-processor "checksum" {}\n    post-processor "manifest" {}\n  }',
    );
    const w = world();
    const run = await runBuilds(
      await builds({ 'a.pkr.hcl': t }, ['file.a']),
      runtimes(w),
      templateRunTimeDecoder,
      options([]),
    );
    // manifest keeps its input (checksum's output): both are results; checksum did not keep the builder's.
    expect(run.results[0].artifacts.map((a) => a.id)).toEqual([
      'checksum(built)',
      'manifest(checksum(built))',
    ]);
    expect(w.log).toContain('destroy built');
  });

  it('refuses to start a build whose components Kiln cannot run', async () => {
    const t = TEMPLATE.replace('build {', 'build {\n  post-processor "compress" {}');
    const run = await runBuilds(
      await builds({ 'a.pkr.hcl': t }, ['file.a']),
      runtimes(world()),
      templateRunTimeDecoder,
      options([]),
    );
    expect(run.results[0].error).toBe('Kiln cannot run the compress post-processor yet.');
  });

  it("fails with the component's cannotRun mark, one sentence per component", async () => {
    const t = TEMPLATE.replace(
      'build {',
      'build {\n  post-processor "compress" {}\n  post-processor "artifice" { files = ["a"] }',
    );
    const marked = runtimes(world()).add({
      cannotRun: [{ kind: 'post-processor', type: 'compress', reason: 'Compress elsewhere, for now.' }],
    });
    const run = await runBuilds(
      await builds({ 'a.pkr.hcl': t }, ['file.a']),
      marked,
      templateRunTimeDecoder,
      options([]),
    );
    expect(run.results[0].error).toBe(
      'Compress elsewhere, for now. Kiln cannot run the artifice post-processor yet.',
    );
  });
});

describe('the resource ledger', () => {
  it('survives a process killed right after recording', () => {
    const dir = tempDir('kiln-ledger-');
    const file = path.join(dir, 'ledger.jsonl');
    const script = `
      require(${JSON.stringify(path.join(__dirname, '..', '..', 'scripts', 'run-ts.js'))});
      const { FileLedger } = require(${JSON.stringify(path.join(__dirname, '..', '..', 'src', 'engine', 'ledger.ts'))});
      const l = new FileLedger(${JSON.stringify(file)}, 'run-1');
      l.record({ id: 'c1', kind: 'docker-container', data: { host: 'unix:///x' } });
      l.record({ id: 'c2', kind: 'docker-container', data: {} });
      l.release('c1');
      process.kill(process.pid, 'SIGKILL');
    `;
    const r = spawnSync(process.execPath, ['-e', script]);
    expect(r.signal).toBe('SIGKILL');
    expect(readLedger(file)).toEqual({
      runId: 'run-1',
      outstanding: [{ id: 'c2', kind: 'docker-container', data: {} }],
    });
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
