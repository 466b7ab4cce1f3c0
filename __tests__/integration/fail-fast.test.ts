import { kiln } from '../support/kiln';
import { describeWithDocker, docker, printedContainerIds } from '../support/services';
import { tempTemplate } from '../support/temp';

/**
 * `kiln build -fail-fast` on a real Docker engine: one build fails while three others sleep in a
 * provisioner; the three are cancelled at once, remove their containers as on Ctrl-C, and the exit
 * code and closing lines say what happened and why.
 */

const IMAGE = 'kiln-test/busybox:latest';
const TEMPLATE =
  ['bad', 'slow1', 'slow2', 'slow3']
    .map(
      (n) => `source "docker" "${n}" {\n  image   = "${IMAGE}"\n  pull    = false\n  discard = true\n}\n\n`,
    )
    .join('') +
  'build {\n  sources = ["source.docker.bad", "source.docker.slow1", "source.docker.slow2", "source.docker.slow3"]\n\n' +
  '  provisioner "shell" {\n    only   = ["docker.bad"]\n    inline = ["sleep 2", "echo failing", "exit 7"]\n  }\n\n' +
  '  provisioner "shell" {\n    except = ["docker.bad"]\n    inline = ["echo sleeping", "sleep 60"]\n  }\n}\n';

/** Containers (any state) with these IDs that still exist. */
function remaining(ids: readonly string[]): string[] {
  return ids.filter((id) => docker('ps', '-aq', '--no-trunc', '--filter', `id=${id}`).stdout.trim() !== '');
}

describeWithDocker('kiln build -fail-fast with Docker', IMAGE, () => {
  jest.setTimeout(90_000);

  it('cancels the slow builds when one fails; they leave no container; exit code and output say why', async () => {
    const dir = tempTemplate({ 'ff.pkr.hcl': TEMPLATE });
    const t0 = Date.now();
    const r = await kiln(['build', '-fail-fast', '-color=false', '.'], dir);
    const took = Date.now() - t0;
    const containers = printedContainerIds(r.out);
    try {
      expect(r.code).toBe(1);
      // Each build started its container before the failure: the slow ones were really cancelled.
      expect(containers).toHaveLength(4);
      expect(r.out).toContain('docker.slow1: sleeping');
      expect(took).toBeLessThan(45_000);
      expect(r.err).toContain("Build 'docker.bad' failed; cancelling the other builds (-fail-fast).");
      expect(r.err).toContain(
        "-fail-fast: build 'docker.bad' failed, so 3 other builds were cancelled: docker.slow1, docker.slow2, docker.slow3.",
      );
      for (const n of ['slow1', 'slow2', 'slow3'])
        expect(r.err).toContain(`--> docker.${n}: Build was cancelled.`);
      expect(r.err).toMatch(/--> docker\.bad: .*exit status 7|--> docker\.bad: .*7/);
      expect(remaining(containers)).toEqual([]);
    } finally {
      for (const id of containers) docker('rm', '-f', id);
    }
  });

  it('without -fail-fast, a failure does not stop the others', async () => {
    const dir = tempTemplate({
      'ff.pkr.hcl': TEMPLATE.replace(/sleep 60/, 'sleep 1').replace(/"sleep 2", /, ''),
    });
    const r = await kiln(['build', '-color=false', '.'], dir);
    const containers = printedContainerIds(r.out);
    try {
      expect(r.code).toBe(1);
      expect(r.err).not.toContain('fail-fast');
      for (const n of ['slow1', 'slow2', 'slow3']) expect(r.out).toContain(`Build 'docker.${n}' finished`);
      expect(remaining(containers)).toEqual([]);
    } finally {
      for (const id of containers) docker('rm', '-f', id);
    }
  });
});
