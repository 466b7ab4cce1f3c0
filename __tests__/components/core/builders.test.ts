import {
  CORE_BUILDER_SCHEMAS,
  FILE_BUILDER_SCHEMA,
  NULL_BUILDER_SCHEMA,
} from '../../../src/components/core/builders';
import { UNKNOWN } from '../../support/config-view';
import { schemaProblems, shapeOf } from '../../support/schema-checks';
import { checkConfig, messagesOf } from '../../support/component-harness';

const HOST = 'a Host must be specified, please reference your communicator documentation';
const USER = 'a Username must be specified, please reference your communicator documentation';
const AUTH = 'one authentication method must be specified, please reference your communicator documentation';
const ONLY_ONE = 'only one of ssh_agent_auth, ssh_password, and ssh_private_key_file must be specified';

describe('core builder declarations', () => {
  test('are the null and file builders, well formed', () => {
    expect(CORE_BUILDER_SCHEMAS.map((s) => [s.kind, s.type, s.plugin])).toEqual([
      ['builder', 'null', 'builtin'],
      ['builder', 'file', 'builtin'],
    ]);
    for (const schema of CORE_BUILDER_SCHEMAS) expect(schemaProblems(schema)).toEqual([]);
  });

  test("declare exactly the options of Packer's hcl2spec (communicator options come from the shared list)", () => {
    expect(shapeOf(NULL_BUILDER_SCHEMA.fields)).toEqual({});
    expect(NULL_BUILDER_SCHEMA.communicator).toBe('ssh');
    expect(shapeOf(FILE_BUILDER_SCHEMA.fields)).toEqual({
      source: 'string',
      target: 'string',
      content: 'string',
    });
    expect(FILE_BUILDER_SCHEMA.fields.find((f) => f.name === 'target')?.required).toBe('target required');
  });
});

describe('null builder checks', () => {
  test('a complete ssh connection passes', () => {
    expect(checkConfig(NULL_BUILDER_SCHEMA, { ssh_host: 'h', ssh_username: 'u', ssh_password: 'p' })).toEqual(
      [],
    );
    expect(
      checkConfig(NULL_BUILDER_SCHEMA, { ssh_host: 'h', ssh_username: 'u', ssh_agent_auth: true }),
    ).toEqual([]);
    expect(
      checkConfig(NULL_BUILDER_SCHEMA, { ssh_host: 'h', ssh_username: 'u', ssh_private_key_file: 'k' }),
    ).toEqual([]);
  });

  test('nothing configured: host, username and authentication are all reported, in that order', () => {
    expect(messagesOf(checkConfig(NULL_BUILDER_SCHEMA, {}))).toEqual([HOST, USER, AUTH]);
  });

  test('communicator "none" needs nothing', () => {
    expect(checkConfig(NULL_BUILDER_SCHEMA, { communicator: 'none' })).toEqual([]);
  });

  test('winrm reads the winrm_* options', () => {
    expect(
      checkConfig(NULL_BUILDER_SCHEMA, {
        communicator: 'winrm',
        winrm_host: 'h',
        winrm_username: 'u',
        winrm_password: 'p',
      }),
    ).toEqual([]);
    expect(
      messagesOf(
        checkConfig(NULL_BUILDER_SCHEMA, {
          communicator: 'winrm',
          ssh_host: 'h',
          ssh_username: 'u',
          ssh_password: 'p',
        }),
      ),
    ).toEqual([HOST, USER, AUTH]);
  });

  test('another communicator type has no host or username to offer', () => {
    expect(
      messagesOf(checkConfig(NULL_BUILDER_SCHEMA, { communicator: 'docker', ssh_agent_auth: true })),
    ).toEqual([HOST, USER]);
  });

  test('empty strings count as missing', () => {
    expect(
      messagesOf(checkConfig(NULL_BUILDER_SCHEMA, { ssh_host: '', ssh_username: 'u', ssh_password: '' })),
    ).toEqual([HOST, AUTH]);
  });

  test('more than one ssh authentication method', () => {
    const base = { ssh_host: 'h', ssh_username: 'u' };
    expect(
      messagesOf(checkConfig(NULL_BUILDER_SCHEMA, { ...base, ssh_agent_auth: true, ssh_password: 'p' })),
    ).toEqual([ONLY_ONE]);
    expect(
      messagesOf(checkConfig(NULL_BUILDER_SCHEMA, { ...base, ssh_password: 'p', ssh_private_key_file: 'k' })),
    ).toEqual([ONLY_ONE]);
    expect(
      messagesOf(
        checkConfig(NULL_BUILDER_SCHEMA, { ...base, ssh_agent_auth: true, ssh_private_key_file: 'k' }),
      ),
    ).toEqual([ONLY_ONE]);
  });

  test('unknown values are not judged', () => {
    expect(
      checkConfig(NULL_BUILDER_SCHEMA, { ssh_host: UNKNOWN, ssh_username: UNKNOWN, ssh_password: UNKNOWN }),
    ).toEqual([]);
    expect(checkConfig(NULL_BUILDER_SCHEMA, { communicator: UNKNOWN })).toEqual([]);
    expect(messagesOf(checkConfig(NULL_BUILDER_SCHEMA, { ssh_host: UNKNOWN, ssh_username: 'u' }))).toEqual([
      AUTH,
    ]);
  });
});

describe('file builder checks', () => {
  test('target with content or source passes', () => {
    expect(checkConfig(FILE_BUILDER_SCHEMA, { target: 't', content: 'c' })).toEqual([]);
    expect(checkConfig(FILE_BUILDER_SCHEMA, { target: 't', source: 's' })).toEqual([]);
  });

  test('both content and source is an error on content', () => {
    expect(checkConfig(FILE_BUILDER_SCHEMA, { target: 't', content: 'c', source: 's' })).toEqual([
      { message: 'Cannot specify source file AND content', field: 'content' },
    ]);
  });

  test('neither content nor source is only a warning', () => {
    expect(checkConfig(FILE_BUILDER_SCHEMA, { target: 't' })).toEqual([
      {
        severity: 'warning',
        message: 'Both source file and contents are blank; target will have no content',
      },
    ]);
  });

  test('a missing or empty target is left to the declaration (the decoder treats "" as missing)', () => {
    expect(checkConfig(FILE_BUILDER_SCHEMA, { target: '', content: 'c' })).toEqual([]);
    expect(checkConfig(FILE_BUILDER_SCHEMA, { content: 'c' })).toEqual([]);
  });

  test('unknown content or source is not judged', () => {
    expect(checkConfig(FILE_BUILDER_SCHEMA, { target: 't', content: UNKNOWN, source: 's' })).toEqual([]);
    expect(checkConfig(FILE_BUILDER_SCHEMA, { target: 't', content: UNKNOWN })).toEqual([]);
  });
});
