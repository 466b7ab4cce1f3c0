import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

import { runBuilds } from '../../src/engine/run';
import type { BuildEvent, RunOptions, RunResult } from '../../src/engine/types';
import { builtinRuntimes } from '../../src/components/runtime-catalog';
import { loadTemplate, prepareBuilds } from '../../src/template/load';
import type { ExpandedBuild } from '../../src/template/model';
import { templateRunTimeDecoder } from '../../src/template/run-time-decoding';
import { builtinComponents } from '../template/helpers';
import { tempTemplate } from '../support/temp';
import {
  containersOf,
  describeWithDocker,
  imagesCommittedFrom,
  printedContainerIds,
  docker,
} from '../support/services';

/**
 * The engine (runBuilds) driving the real docker builder, cancelled at every one of its steps, at
 * each provisioner and post-processor, and in the middle of a running command: each time the
 * build reports the cancellation, and no container, image, temp directory or ledger entry is left.
 */

const IMAGE = 'kiln-test/busybox:latest';
const template = (slow: boolean) => `
source "docker" "c" {
  image   = "${IMAGE}"
  pull    = false
  commit  = true
}

build {
  sources = ["source.docker.c"]

  provisioner "shell" {
    inline = ["echo one > /one"]
  }
${slow ? '\n  provisioner "shell" {\n    name   = "slow"\n    inline = ["echo started", "sleep 30"]\n  }\n' : ''}
  post-processor "checksum" {
    checksum_types = ["sha256"]
    output         = "sums.txt"
  }
}
`;

function uiText(events: readonly BuildEvent[]): string {
  return events.map((e) => (e.type === 'ui' ? `${e.text}\n` : '')).join('');
}

function containersIn(events: readonly BuildEvent[]): string[] {
  return printedContainerIds(uiText(events));
}

async function expand(dir: string): Promise<ExpandedBuild[]> {
  const components = builtinComponents();
  const loaded = await loadTemplate({ path: '.', cwd: dir, env: {}, vars: [], varFiles: [], ...components });
  const prepared = prepareBuilds(loaded, { only: [], except: [], registry: components.registry });
  const diags = [...loaded.template.diagnostics, ...prepared.diagnostics].filter(
    (d) => d.severity === 'error',
  );
  if (diags.length > 0) throw new Error(diags.map((d) => d.summary).join('; '));
  return prepared.builds;
}

/** Runs the build, aborting when `when` says so (it sees every event); returns the run and its events. */
async function runCancelled(
  dir: string,
  tempRoot: string,
  when: (e: BuildEvent, abort: () => void) => void,
): Promise<{ run: RunResult; events: BuildEvent[] }> {
  const cancel = new AbortController();
  const events: BuildEvent[] = [];
  const opts: RunOptions = {
    parallelBuilds: 0,
    onError: 'cleanup',
    force: true,
    debug: false,
    signal: cancel.signal,
    events: (e) => {
      events.push(e);
      when(e, () => cancel.abort());
    },
    secrets: [],
    cwd: dir,
    templateDir: dir,
    tempRoot,
  };
  const run = await runBuilds(await expand(dir), builtinRuntimes(), templateRunTimeDecoder, opts);
  return { run, events };
}

describeWithDocker('cancelling a docker build through the engine', IMAGE, () => {
  jest.setTimeout(120_000);
  let fast: string;
  let slow: string;
  let tempRoot: string;
  beforeAll(() => {
    fast = tempTemplate({ 'c.pkr.hcl': template(false) });
    slow = tempTemplate({ 'c.pkr.hcl': template(true) });
  });
  beforeEach(() => {
    tempRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'kiln-cancel-root-'));
  });
  afterEach(() => fs.rmSync(tempRoot, { recursive: true, force: true }));

  function expectNothingLeft(run: RunResult): void {
    expect(run.cancelled).toBe(true);
    expect(run.results[0]).toMatchObject({ cancelled: true, error: 'Build was cancelled.', artifacts: [] });
    expect(run.results[0].ledger).toBeUndefined();
    expect(containersOf(run.runId)).toBe('');
    expect(fs.readdirSync(tempRoot)).toEqual([]);
  }

  // The spans of a build, in order: the builder's steps, each provisioner inside "provision",
  // the builder's cleanup, then the post-processor.
  const POINTS = [
    'temp dir',
    'pull',
    'run container',
    'connect',
    'provision',
    'provisioner shell',
    'commit',
    'cleanup',
    'post-processor checksum',
  ];

  it('goes through exactly these points when not cancelled', async () => {
    const { run, events } = await runCancelled(fast, tempRoot, () => undefined);
    expect(run.results[0].error).toBeUndefined();
    expect(events.flatMap((e) => (e.type === 'step-start' ? [e.step] : []))).toEqual(POINTS);
    const id = run.results[0].artifacts[0].id;
    expect(docker('rmi', '-f', id).status).toBe(0);
    expect(fs.readdirSync(tempRoot)).toEqual([]);
  });

  it.each(POINTS)('leaves nothing behind when cancelled as "%s" starts', async (point) => {
    let reached = false;
    const { run, events } = await runCancelled(fast, tempRoot, (e, abort) => {
      if (e.type === 'step-start' && e.step === point) {
        reached = true;
        abort();
      }
    });
    expect(reached).toBe(true);
    expectNothingLeft(run);
    const made = imagesCommittedFrom(containersIn(events));
    if (point === 'cleanup' || point === 'post-processor checksum') {
      // The image was committed before: an artifact already produced is kept, never deleted.
      expect(made).toHaveLength(1);
      docker('rmi', '-f', made[0]);
    } else {
      expect(made).toEqual([]);
    }
  });

  it('leaves nothing behind when cancelled while a provisioner command runs', async () => {
    const t0 = Date.now();
    const { run, events } = await runCancelled(slow, tempRoot, (e, abort) => {
      if (e.type === 'output' && e.text.includes('started')) setTimeout(abort, 200);
    });
    expect(Date.now() - t0).toBeLessThan(20_000);
    expectNothingLeft(run);
    expect(printedContainerIds(uiText(events))).toHaveLength(1);
    expect(imagesCommittedFrom(containersIn(events))).toEqual([]);
    const end = events.find((e) => e.type === 'step-end' && e.step === 'provisioner slow');
    expect(end).toMatchObject({ error: expect.any(String) });
  });
});
