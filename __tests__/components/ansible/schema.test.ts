import * as path from 'node:path';
import {
  ANSIBLE_LOCAL_PROVISIONER_SCHEMA,
  ANSIBLE_PROVISIONER_SCHEMA,
  ANSIBLE_SCHEMAS,
} from '../../../src/components/ansible/schema';
import type { ComponentSchema, FieldSpec } from '../../../src/schema/types';
import { type FakeValue, UNKNOWN } from '../../support/config-view';
import { schemaProblems, shapeOf } from '../../support/schema-checks';
import { checkConfig, messagesOf } from '../../support/component-harness';
import { tempDir, writeFiles } from '../../support/temp';

const messages = (schema: ComponentSchema, data: Record<string, FakeValue>): string[] =>
  messagesOf(checkConfig(schema, data));

const dir = writeFiles(tempDir('kiln-ansible-'), { 'site.yml': '- hosts: all\n' });
const playbook = path.join(dir, 'site.yml');
const missing = path.join(dir, 'missing.yml');

describe('ansible declarations', () => {
  test('are ansible and ansible-local from the ansible plugin, well formed', () => {
    expect(ANSIBLE_SCHEMAS.map((s) => [s.kind, s.type, s.plugin])).toEqual([
      ['provisioner', 'ansible', 'github.com/hashicorp/ansible'],
      ['provisioner', 'ansible-local', 'github.com/hashicorp/ansible'],
    ]);
    for (const schema of ANSIBLE_SCHEMAS) expect(schemaProblems(schema)).toEqual([]);
  });

  test("declare exactly the options of the plugin's hcl2spec", () => {
    expect(shapeOf(ANSIBLE_PROVISIONER_SCHEMA.fields)).toEqual({
      command: 'string',
      extra_arguments: 'list(string)',
      ansible_env_vars: 'list(string)',
      playbook_file: 'string',
      ansible_ssh_extra_args: 'list(string)',
      groups: 'list(string)',
      empty_groups: 'list(string)',
      host_alias: 'string',
      user: 'string',
      local_port: 'number',
      ssh_host_key_file: 'string',
      ssh_authorized_key_file: 'string',
      ansible_proxy_key_type: 'string',
      sftp_command: 'string',
      skip_version_check: 'bool',
      use_sftp: 'bool',
      inventory_directory: 'string',
      inventory_file_template: 'string',
      inventory_file: 'string',
      keep_inventory_file: 'bool',
      galaxy_file: 'string',
      galaxy_command: 'string',
      galaxy_force_install: 'bool',
      galaxy_force_with_deps: 'bool',
      roles_path: 'string',
      collections_path: 'string',
      use_proxy: 'bool',
      ansible_winrm_use_http: 'bool',
    });
    expect(shapeOf(ANSIBLE_LOCAL_PROVISIONER_SCHEMA.fields)).toEqual({
      command: 'string',
      extra_arguments: 'list(string)',
      group_vars: 'string',
      host_vars: 'string',
      playbook_dir: 'string',
      playbook_file: 'string',
      playbook_files: 'list(string)',
      playbook_paths: 'list(string)',
      role_paths: 'list(string)',
      collection_paths: 'list(string)',
      staging_directory: 'string',
      clean_staging_directory: 'bool',
      inventory_file: 'string',
      inventory_groups: 'list(string)',
      galaxy_file: 'string',
      galaxy_command: 'string',
      galaxy_force_install: 'bool',
      galaxy_roles_path: 'string',
      galaxy_collections_path: 'string',
    });
  });

  test("playbook_file is required with the plugin's message; use_proxy has no default (unset differs from false)", () => {
    const field = (name: string): FieldSpec | undefined =>
      ANSIBLE_PROVISIONER_SCHEMA.fields.find((f) => f.name === name);
    expect(field('playbook_file')?.required).toBe('playbook_file must be specified.');
    expect(field('use_proxy')?.default).toBeUndefined();
    expect(field('command')?.default).toBe('ansible-playbook');
    expect(field('host_alias')?.default).toBe('default');
  });
});

describe('ansible checks', () => {
  test('an existing playbook passes', () => {
    expect(checkConfig(ANSIBLE_PROVISIONER_SCHEMA, { playbook_file: playbook })).toEqual([]);
  });

  test('the playbook must be an existing file', () => {
    expect(checkConfig(ANSIBLE_PROVISIONER_SCHEMA, { playbook_file: missing })).toEqual([
      {
        message: `playbook_file: ${missing} is invalid: stat ${missing}: no such file or directory`,
        field: 'playbook_file',
      },
    ]);
    expect(messages(ANSIBLE_PROVISIONER_SCHEMA, { playbook_file: dir })).toEqual([
      `playbook_file: ${dir} must point to a file`,
    ]);
    // Missing or empty: the decoder reports the required option.
    expect(checkConfig(ANSIBLE_PROVISIONER_SCHEMA, { playbook_file: '' })).toEqual([]);
    expect(checkConfig(ANSIBLE_PROVISIONER_SCHEMA, {})).toEqual([]);
    expect(checkConfig(ANSIBLE_PROVISIONER_SCHEMA, { playbook_file: UNKNOWN })).toEqual([]);
  });

  test('galaxy_file and the key files are checked when given', () => {
    expect(
      checkConfig(ANSIBLE_PROVISIONER_SCHEMA, {
        playbook_file: playbook,
        galaxy_file: playbook,
        ssh_authorized_key_file: playbook,
        ssh_host_key_file: playbook,
        galaxy_command: '',
      }),
    ).toEqual([]);
    expect(
      messages(ANSIBLE_PROVISIONER_SCHEMA, {
        playbook_file: playbook,
        galaxy_file: missing,
        ssh_authorized_key_file: dir,
        ssh_host_key_file: missing,
      }),
    ).toEqual([
      `galaxy_file: ${missing} is invalid: stat ${missing}: no such file or directory`,
      `ssh_authorized_key_file: ${dir} must point to a file`,
      `ssh_host_key_file: ${missing} is invalid: stat ${missing}: no such file or directory`,
    ]);
  });

  test('local_port above 65535 is refused', () => {
    expect(checkConfig(ANSIBLE_PROVISIONER_SCHEMA, { playbook_file: playbook, local_port: 65535 })).toEqual(
      [],
    );
    expect(checkConfig(ANSIBLE_PROVISIONER_SCHEMA, { playbook_file: playbook, local_port: 70000 })).toEqual([
      { message: 'local_port: 70000 must be a valid port', field: 'local_port' },
    ]);
  });

  test('inventory_directory must be an existing directory', () => {
    expect(
      checkConfig(ANSIBLE_PROVISIONER_SCHEMA, { playbook_file: playbook, inventory_directory: dir }),
    ).toEqual([]);
    expect(
      messages(ANSIBLE_PROVISIONER_SCHEMA, { playbook_file: playbook, inventory_directory: playbook }),
    ).toEqual([`inventory_directory: ${playbook} must point to a directory`]);
    expect(
      messages(ANSIBLE_PROVISIONER_SCHEMA, { playbook_file: playbook, inventory_directory: missing }),
    ).toEqual([`inventory_directory: ${missing} is invalid: stat ${missing}: no such file or directory`]);
  });

  test('ansible_proxy_key_type is RSA or ECDSA in any case, quoted upper-cased when wrong', () => {
    for (const ok of ['rsa', 'Ecdsa', 'RSA', '']) {
      expect(
        checkConfig(ANSIBLE_PROVISIONER_SCHEMA, { playbook_file: playbook, ansible_proxy_key_type: ok }),
      ).toEqual([]);
    }
    expect(
      checkConfig(ANSIBLE_PROVISIONER_SCHEMA, { playbook_file: playbook, ansible_proxy_key_type: 'ed25519' }),
    ).toEqual([
      {
        message: 'Invalid value for ansible_proxy_key_type: "ED25519". Supported values are ECDSA or RSA.',
        field: 'ansible_proxy_key_type',
      },
    ]);
  });
});

describe('ansible-local checks', () => {
  test('one playbook source passes', () => {
    expect(checkConfig(ANSIBLE_LOCAL_PROVISIONER_SCHEMA, { playbook_file: playbook })).toEqual([]);
    expect(checkConfig(ANSIBLE_LOCAL_PROVISIONER_SCHEMA, { playbook_files: [playbook, playbook] })).toEqual(
      [],
    );
  });

  test('exactly one of playbook_file and playbook_files', () => {
    expect(messages(ANSIBLE_LOCAL_PROVISIONER_SCHEMA, {})).toEqual([
      'Either playbook_file or playbook_files must be specified',
    ]);
    expect(
      messages(ANSIBLE_LOCAL_PROVISIONER_SCHEMA, { playbook_file: playbook, playbook_files: [playbook] }),
    ).toEqual(['Either playbook_file or playbook_files can be specified, not both']);
  });

  test('playbooks and files must exist; empty list entries are "must be specified"', () => {
    expect(
      messages(ANSIBLE_LOCAL_PROVISIONER_SCHEMA, {
        playbook_files: [missing, '', dir],
        inventory_file: missing,
        galaxy_file: dir,
      }),
    ).toEqual([
      `playbook_files: ${missing} is invalid: stat ${missing}: no such file or directory`,
      'playbook_files must be specified.',
      `playbook_files: ${dir} must point to a file`,
      `inventory_file: ${missing} is invalid: stat ${missing}: no such file or directory`,
      `galaxy_file: ${dir} must point to a file`,
    ]);
  });

  test('directory options must be existing directories', () => {
    expect(
      checkConfig(ANSIBLE_LOCAL_PROVISIONER_SCHEMA, {
        playbook_file: playbook,
        playbook_dir: dir,
        group_vars: dir,
        host_vars: dir,
        playbook_paths: [dir],
        role_paths: [dir],
        collection_paths: [dir],
      }),
    ).toEqual([]);
    expect(
      checkConfig(ANSIBLE_LOCAL_PROVISIONER_SCHEMA, {
        playbook_file: playbook,
        playbook_dir: playbook,
        group_vars: missing,
        role_paths: [dir, playbook],
      }),
    ).toEqual([
      { message: `playbook_dir: ${playbook} must point to a directory`, field: 'playbook_dir' },
      {
        message: `group_vars: ${missing} is invalid: stat ${missing}: no such file or directory`,
        field: 'group_vars',
      },
      { message: `role_paths: ${playbook} must point to a directory`, field: 'role_paths' },
    ]);
  });

  test('unknown values keep their checks quiet', () => {
    expect(checkConfig(ANSIBLE_LOCAL_PROVISIONER_SCHEMA, { playbook_files: UNKNOWN })).toEqual([]);
    expect(
      checkConfig(ANSIBLE_LOCAL_PROVISIONER_SCHEMA, { playbook_file: UNKNOWN, role_paths: UNKNOWN }),
    ).toEqual([]);
  });
});
