import { type ObjectSpec, decodeConfigSpec, encodeConfigValue } from '../../src/plugins/hcl-spec';
import { type PluginConnection, RpcServer } from '../../src/plugins/rpc';

/**
 * What Kiln says to packer-plugin-docker's builder in the wire tests, call after call, as Packer
 * core does for a build: the schema, then Prepare twice — an invalid config (no commit, discard or
 * export_path) and a valid one — with the core variables first, as hcl2template passes them; then
 * Run, with Kiln serving Ui on a brokered stream the plugin dials back. Its docker is
 * `kiln-fake-docker` (docker_path, found on the plugin's PATH), which answers `-v` and fails `pull`,
 * so Run says a few things and fails without a Docker engine. Run against the real plugin (and
 * recorded), then replayed against its recording.
 */

/** The docker_path of the session's config: a name, so the recorded bytes hold no machine's path. */
export const FAKE_DOCKER = 'kiln-fake-docker';

/** Its script: a docker CLI that has a version and cannot pull. */
export const FAKE_DOCKER_SCRIPT = `#!/bin/sh
case "$1" in
  -v) echo "Docker version 24.0.5, build ced0996" ;;
  pull) echo "Error response from daemon: no registry on this machine" >&2; exit 1 ;;
  *) echo "kiln-fake-docker: $1 is not faked" >&2; exit 1 ;;
esac
`;

export interface DockerBuilderSession {
  readonly spec: ObjectSpec;
  readonly invalid: unknown;
  readonly valid: unknown;
  /** Builder.Run's failure (the plugin's error text). */
  readonly runError: string;
  /** Every Ui call the plugin made, as `Method: argument`. */
  readonly ui: readonly string[];
}

const CORE_VARIABLES = {
  packer_build_name: 'wire',
  packer_builder_type: 'docker',
  packer_core_version: '1.11.2',
  packer_debug: 'false',
  packer_force: 'false',
  packer_on_error: 'cleanup',
};

export async function dockerBuilderSession(conn: PluginConnection): Promise<DockerBuilderSession> {
  const { client } = conn;
  const reply = (await client.call('Builder.ConfigSpec', null)) as { ConfigSpec: Uint8Array };
  const spec = decodeConfigSpec(reply.ConfigSpec);
  const invalid = await client.call('Builder.Prepare', {
    Configs: [CORE_VARIABLES, encodeConfigValue(spec, { image: 'kiln-test/nothing' })],
  });
  const config = { image: 'kiln-test/nothing', commit: true, docker_path: FAKE_DOCKER };
  const valid = await client.call('Builder.Prepare', {
    Configs: [CORE_VARIABLES, encodeConfigValue(spec, config)],
  });

  const ui: string[] = [];
  const server = new RpcServer();
  const record =
    (method: string, reply: unknown = null) =>
    (arg: unknown): unknown => {
      ui.push(`${method}: ${typeof arg === 'string' ? arg : JSON.stringify(arg)}`);
      return reply;
    };
  server.register('Ui', {
    Say: record('Say'),
    Message: record('Message'),
    Error: record('Error'),
    Machine: record('Machine'),
    Ask: record('Ask', ''),
  });
  const served = conn.serve(server);
  let runError = '';
  try {
    await client.call('Builder.Run', served.id);
  } catch (err) {
    runError = (err as Error).message;
  }
  await served.done;
  return { spec, invalid, valid, runError, ui };
}

/** What the plugin's answers must be, live or replayed. */
export function expectDockerBuilderAnswers(session: DockerBuilderSession): void {
  const { spec, invalid, valid } = session;
  expect(spec.attributes.image).toEqual({
    kind: 'attr',
    name: 'image',
    required: false,
    type: { kind: 'primitive', name: 'string' },
  });
  expect(spec.attributes.commit).toMatchObject({ type: { kind: 'primitive', name: 'bool' } });
  expect(spec.attributes.changes).toMatchObject({ type: { kind: 'list', element: { name: 'string' } } });
  expect(spec.attributes.run_command).toMatchObject({ kind: 'attr' });
  expect(Object.keys(spec.attributes).length).toBeGreaterThan(30);
  expect(invalid).toMatchObject({
    GeneratedVars: null,
    Error: {
      Message:
        '1 error(s) occurred:\n\n* No instructions given for handling the artifact; expected commit, discard, or export_path',
    },
  });
  expect(valid).toEqual({ GeneratedVars: ['ImageSha256', 'SourceImageDigest'], Warnings: null, Error: null });
  expect(session.ui).toEqual(
    expect.arrayContaining([
      'Say: Creating a temporary directory for sharing data...',
      'Say: Pulling Docker image: kiln-test/nothing',
    ]),
  );
  expect(session.ui.some((l) => l.startsWith('Error: Error pulling Docker image:'))).toBe(true);
  expect(session.runError).toMatch(/^Error pulling Docker image: /);
}
