import { kiln } from '../support/kiln';
import { tempTemplate } from '../support/temp';
import { type Registry, startRegistry } from '../support/registry';
import { describeWithDocker, docker } from '../support/services';

/**
 * `pull = false` with a source image the engine does not have: `docker run` pulls it and the build
 * succeeds. Packer prints "Error determining source Docker image Id" in red first; Kiln says the image
 * will be pulled, and inspects it again once the container runs.
 */

const IMAGE = 'kiln-test/busybox:latest';

describeWithDocker('docker builder: a source image pulled by docker run', IMAGE, () => {
  jest.setTimeout(90_000);
  let registry: Registry;
  let source: string;
  beforeAll(async () => {
    registry = await startRegistry();
    source = `${registry.address}/kiln/pull-on-run-${process.pid}:latest`;
    expect(docker('tag', IMAGE, source).status).toBe(0);
    const push = docker('push', source);
    expect(push.stderr).toBe('');
    expect(docker('rmi', source).status).toBe(0);
  });
  afterAll(() => {
    if (source) docker('rmi', '-f', source);
    registry?.stop();
  });

  it('is no error: the build says the image will be pulled and inspects it after the run', async () => {
    const dir = tempTemplate({
      'a.pkr.hcl':
        `source "docker" "app" {\n  image   = "${source}"\n  pull    = false\n  discard = true\n}\n` +
        `build {\n  sources = ["source.docker.app"]\n  provisioner "shell" {\n` +
        `    inline = ["echo provisioned"]\n  }\n}\n`,
    });
    const r = await kiln(['build', '-color=false', '.'], dir, {
      env: { ...process.env } as Record<string, string>,
    });
    expect({ code: r.code, err: r.err }).toEqual({ code: 0, err: '' });
    expect(r.out).not.toContain('Error determining source Docker image Id');
    expect(r.out).toContain(
      `docker.app: Image ${source} is not on the Docker engine yet: docker run will pull it.`,
    );
    expect(r.out).toContain('docker.app: provisioned');
    // The image is inspected again once docker run has pulled it: it has a digest now.
    expect(r.out.indexOf('Container ID:')).toBeGreaterThan(r.out.indexOf('will pull it'));
    expect(r.out).not.toContain('No source image digest');
  });
});
