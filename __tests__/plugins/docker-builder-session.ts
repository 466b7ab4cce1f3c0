import { type ObjectSpec, decodeConfigSpec, encodeConfigValue } from '../../src/plugins/hcl-spec';
import type { RpcClient } from '../../src/plugins/rpc';

/**
 * What Kiln says to packer-plugin-docker's builder in the wire tests, call after call, as Packer
 * core does before a build: the schema, then Prepare twice — an invalid config (no commit, discard
 * or export_path) and a valid one — with the core variables first, as hcl2template passes them.
 * Run against the real plugin (and recorded), then replayed against its recording.
 */

export interface DockerBuilderSession {
  readonly spec: ObjectSpec;
  readonly invalid: unknown;
  readonly valid: unknown;
}

const CORE_VARIABLES = {
  packer_build_name: 'wire',
  packer_builder_type: 'docker',
  packer_core_version: '1.11.2',
  packer_debug: 'false',
  packer_force: 'false',
  packer_on_error: 'cleanup',
};

export async function dockerBuilderSession(client: RpcClient): Promise<DockerBuilderSession> {
  const reply = (await client.call('Builder.ConfigSpec', null)) as { ConfigSpec: Uint8Array };
  const spec = decodeConfigSpec(reply.ConfigSpec);
  const invalid = await client.call('Builder.Prepare', {
    Configs: [CORE_VARIABLES, encodeConfigValue(spec, { image: 'kiln-test/nothing' })],
  });
  const valid = await client.call('Builder.Prepare', {
    Configs: [CORE_VARIABLES, encodeConfigValue(spec, { image: 'kiln-test/nothing', commit: true })],
  });
  return { spec, invalid, valid };
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
    Error: { Message: expect.stringContaining('One of commit, discard, or export_path must be specified.') },
  });
  expect(valid).toEqual({ GeneratedVars: ['ImageSha256', 'SourceImageDigest'], Warnings: null, Error: null });
}
