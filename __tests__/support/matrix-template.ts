import type { Manifest } from '../../src/cli/merge-results';

/**
 * The template of the matrix proofs (issue 18): six docker builds, two of which fail in their
 * provisioner, each exporting its container to a tarball (an artifact with a file, and no image
 * left on the engine), all recorded by one manifest post-processor.
 */

export const MATRIX_IMAGE = 'kiln-test/busybox:latest';
export const MATRIX_BUILDS = ['ok1', 'ok2', 'bad1', 'ok3', 'bad2', 'ok4'];
export const MATRIX_FAILING = ['docker.bad1', 'docker.bad2'];

export function matrixTemplate(): string {
  const sources = MATRIX_BUILDS.map(
    (n) =>
      `source "docker" "${n}" {\n  image       = "${MATRIX_IMAGE}"\n  pull        = false\n  export_path = "out/${n}.tar"\n}\n`,
  );
  return (
    `${sources.join('\n')}\n` +
    'build {\n' +
    `  sources = [${MATRIX_BUILDS.map((n) => `"source.docker.${n}"`).join(', ')}]\n\n` +
    '  provisioner "shell" {\n    inline = ["echo building ${source.name}"]\n  }\n\n' +
    '  provisioner "shell" {\n    only   = ["docker.bad1", "docker.bad2"]\n    inline = ["exit 5"]\n  }\n\n' +
    '  post-processor "manifest" {\n    output = "manifest.json"\n  }\n}\n'
  );
}

/** A manifest without what differs between runs (run IDs, build times), its entries by name. */
export function comparableManifest(m: Manifest): unknown {
  return m.builds
    .map((b) => ({ ...b, packer_run_uuid: 'RUN', build_time: 'TIME' }))
    .sort((x, y) => x.name.localeCompare(y.name));
}
