import { BoolType, NumberType, StringType, listOf } from '../../values/types';
import { goQuote } from '../../text/go-quote';
import type {
  ComponentSchema,
  ConfigProblem,
  ConfigView,
  FieldList,
  FieldSpec,
  StringFieldName,
} from '../../schema/types';
import { goNumber, goString, goStrings, hasTemplateActions } from '../../schema/go-fields';
import { goStat } from '../local-files';

/**
 * The provisioners of github.com/hashicorp/ansible: `ansible` (runs ansible-playbook locally against
 * the machine, through an SSH proxy by default) and `ansible-local` (runs it on the machine itself),
 * with the checks their Prepare functions make. Two checks of `ansible`'s Prepare need more than the
 * configuration and belong to the runner: `ansible-playbook --version` (unless skip_version_check)
 * and finding the current user when `user` is not set.
 */

const STRINGS = listOf(StringType);
const PLUGIN = 'github.com/hashicorp/ansible';

/** validateFileConfig: the option must name an existing file (not a directory). */
function fileProblems(option: string, field: string, path: string): ConfigProblem[] {
  if (path === '') return [{ message: `${option} must be specified.`, field }];
  if (hasTemplateActions(path)) return [];
  const stat = goStat(path);
  if (typeof stat === 'string') return [{ message: `${option}: ${path} is invalid: ${stat}`, field }];
  if (stat.isDirectory()) return [{ message: `${option}: ${path} must point to a file`, field }];
  return [];
}

/** validateDirConfig / validateInventoryDirectoryConfig: the option must name an existing directory. */
function directoryProblems(option: string, path: string): ConfigProblem[] {
  if (hasTemplateActions(path)) return [];
  const stat = goStat(path);
  if (typeof stat === 'string') return [{ message: `${option}: ${path} is invalid: ${stat}`, field: option }];
  if (!stat.isDirectory())
    return [{ message: `${option}: ${path} must point to a directory`, field: option }];
  return [];
}

/** A file option checked only when written and not empty. */
function optionalFileProblems<F extends FieldList>(
  view: ConfigView<F>,
  option: StringFieldName<F>,
): ConfigProblem[] {
  const path = goString(view, option);
  return path === undefined || path === '' ? [] : fileProblems(option, option, path);
}

function optionalDirectoryProblems<F extends FieldList>(
  view: ConfigView<F>,
  option: StringFieldName<F>,
): ConfigProblem[] {
  const path = goString(view, option);
  return path === undefined || path === '' ? [] : directoryProblems(option, path);
}

/** Go's strings.ToUpper maps rune by rune; JavaScript would turn `ß` into two letters. */
function goToUpper(s: string): string {
  return Array.from(s, (ch) => {
    const upper = ch.toUpperCase();
    return Array.from(upper).length === 1 ? upper : ch;
  }).join('');
}

// ---- ansible --------------------------------------------------------------------------------------

const ANSIBLE_FIELDS = [
  {
    name: 'command',
    type: StringType,
    doc: 'The ansible-playbook executable (a path to a program; put shell logic in a wrapper script).',
    default: 'ansible-playbook',
  },
  {
    name: 'extra_arguments',
    type: STRINGS,
    doc: 'More arguments for ansible-playbook, passed without a shell: write `--opt=value`, not `--opt value`.',
  },
  {
    name: 'ansible_env_vars',
    type: STRINGS,
    doc: 'Environment variables for ansible-playbook, each `NAME=value`.',
  },
  {
    name: 'playbook_file',
    type: StringType,
    doc: 'The playbook to run.',
    required: 'playbook_file must be specified.',
  },
  {
    name: 'ansible_ssh_extra_args',
    type: STRINGS,
    doc: 'Passed as `--ssh-extra-args` when Ansible connects over SSH with a key.',
    defaultDoc: '`-o IdentitiesOnly=yes`',
  },
  { name: 'groups', type: STRINGS, doc: 'Inventory groups the machine is put in.' },
  { name: 'empty_groups', type: STRINGS, doc: 'Inventory groups that exist but stay empty.' },
  {
    name: 'host_alias',
    type: StringType,
    doc: "The machine's name in the generated inventory (ignored with `inventory_file`).",
    default: 'default',
  },
  {
    name: 'user',
    type: StringType,
    doc: "The `ansible_user`. Not the communicator's user: set it again here to use that one.",
    defaultDoc: 'the user running Kiln',
  },
  {
    name: 'local_port',
    type: NumberType,
    doc: 'The first of ten local ports tried for the SSH proxy Ansible connects to.',
    defaultDoc: 'a port the system picks',
  },
  {
    name: 'ssh_host_key_file',
    type: StringType,
    doc: "The SSH proxy's host key. When unset a one-time key is made and host key checking is turned off.",
  },
  {
    name: 'ssh_authorized_key_file',
    type: StringType,
    doc: 'The public key Ansible authenticates to the proxy with. When unset a one-time key pair is made.',
  },
  {
    name: 'ansible_proxy_key_type',
    type: StringType,
    doc: 'The type of the one-time keys: `ECDSA` or `RSA` (any case).',
    default: 'ECDSA',
  },
  {
    name: 'sftp_command',
    type: StringType,
    doc: "The command run on the machine to serve SFTP for Ansible's file transfers.",
    defaultDoc: '`/usr/lib/sftp-server -e`',
  },
  {
    name: 'skip_version_check',
    type: BoolType,
    doc: 'Do not run `ansible-playbook --version` at validation (for example when Ansible is installed during the build).',
  },
  { name: 'use_sftp', type: BoolType, doc: 'Transfer files with SFTP instead of SCP.' },
  {
    name: 'inventory_directory',
    type: StringType,
    doc: 'An existing directory (with `host_vars`, `group_vars`) where the generated inventory file is written.',
    defaultDoc: 'the system temporary directory',
  },
  {
    name: 'inventory_file_template',
    type: StringType,
    doc:
      'The line written to the generated inventory, a template with `{{ .HostAlias }}`, `{{ .Host }}`, ' +
      '`{{ .User }}`, `{{ .Port }}` and the build variables.',
    defaultDoc:
      '`{{ .HostAlias }} ansible_host={{ .Host }} ansible_user={{ .User }} ansible_port={{ .Port }}`',
  },
  {
    name: 'inventory_file',
    type: StringType,
    doc: 'An inventory to use instead of generating one.',
  },
  {
    name: 'keep_inventory_file',
    type: BoolType,
    doc: 'Keep the generated inventory file after the run, for debugging.',
  },
  {
    name: 'galaxy_file',
    type: StringType,
    doc: 'A requirements file whose roles and collections ansible-galaxy installs locally before the playbook runs.',
  },
  {
    name: 'galaxy_command',
    type: StringType,
    doc: 'The ansible-galaxy executable.',
    default: 'ansible-galaxy',
  },
  { name: 'galaxy_force_install', type: BoolType, doc: 'Pass `--force` to ansible-galaxy.' },
  { name: 'galaxy_force_with_deps', type: BoolType, doc: 'Pass `--force-with-deps` to ansible-galaxy.' },
  { name: 'roles_path', type: StringType, doc: 'Where ansible-galaxy installs roles (`--roles-path`).' },
  {
    name: 'collections_path',
    type: StringType,
    doc: 'Where ansible-galaxy installs collections (`--collections-path`).',
  },
  {
    name: 'use_proxy',
    type: BoolType,
    doc:
      'Connect Ansible through a local SSH proxy to the communicator. `false` connects it to the machine ' +
      'directly (SSH and WinRM only), falling back to the proxy when the machine has no address.',
    defaultDoc: '`true`',
  },
  {
    name: 'ansible_winrm_use_http',
    type: BoolType,
    doc: 'Make Ansible use HTTP for WinRM (adds `-e ansible_winrm_scheme=http` unless already given).',
  },
] as const satisfies readonly FieldSpec[];

const KEY_TYPES: readonly string[] = ['RSA', 'ECDSA'];

function validateAnsible(view: ConfigView<typeof ANSIBLE_FIELDS>): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  // A missing or empty playbook_file is the declaration's `required`, checked by the decoder.
  problems.push(...optionalFileProblems(view, 'playbook_file'));
  problems.push(...optionalFileProblems(view, 'galaxy_file'));
  problems.push(...optionalFileProblems(view, 'ssh_authorized_key_file'));
  problems.push(...optionalFileProblems(view, 'ssh_host_key_file'));

  const port = goNumber(view, 'local_port');
  if (port !== undefined && port > 65535) {
    problems.push({ message: `local_port: ${port} must be a valid port`, field: 'local_port' });
  }
  problems.push(...optionalDirectoryProblems(view, 'inventory_directory'));

  const keyType = goString(view, 'ansible_proxy_key_type');
  if (keyType !== undefined) {
    const upper = goToUpper(keyType === '' ? 'ECDSA' : keyType);
    if (!KEY_TYPES.includes(upper)) {
      problems.push({
        message: `Invalid value for ansible_proxy_key_type: ${goQuote(upper)}. Supported values are ECDSA or RSA.`,
        field: 'ansible_proxy_key_type',
      });
    }
  }
  return problems;
}

export const ANSIBLE_PROVISIONER_SCHEMA: ComponentSchema<typeof ANSIBLE_FIELDS> = {
  kind: 'provisioner',
  type: 'ansible',
  plugin: PLUGIN,
  doc:
    'Runs an Ansible playbook from the machine running Kiln against the machine being built, by default ' +
    'through a local SSH proxy that forwards to the communicator. Needs ansible-playbook installed locally.',
  fields: ANSIBLE_FIELDS,
  validate: validateAnsible,
};

// ---- ansible-local --------------------------------------------------------------------------------

const ANSIBLE_LOCAL_STAGING_DIRECTORY = '/tmp/packer-provisioner-ansible-local';

const ANSIBLE_LOCAL_FIELDS = [
  {
    name: 'command',
    type: StringType,
    doc: 'The command that runs ansible-playbook on the machine.',
    default: 'ANSIBLE_FORCE_COLOR=1 PYTHONUNBUFFERED=1 ansible-playbook',
  },
  {
    name: 'extra_arguments',
    type: STRINGS,
    doc: 'More arguments for ansible-playbook, passed without a shell: write `--opt=value`, not `--opt value`.',
  },
  { name: 'group_vars', type: StringType, doc: 'A local `group_vars` directory to upload.' },
  { name: 'host_vars', type: StringType, doc: 'A local `host_vars` directory to upload.' },
  {
    name: 'playbook_dir',
    type: StringType,
    doc: 'A local directory with the whole Ansible tree, uploaded as `staging_directory` before anything else.',
  },
  {
    name: 'playbook_file',
    type: StringType,
    doc: 'The local playbook to upload and run. Exactly one of `playbook_file` and `playbook_files` is required.',
  },
  {
    name: 'playbook_files',
    type: STRINGS,
    doc: 'Local playbooks to upload (unless inside `playbook_dir`) and run in order.',
  },
  {
    name: 'playbook_paths',
    type: STRINGS,
    doc: 'Local directories of playbooks, uploaded under `<staging_directory>/playbooks`.',
  },
  {
    name: 'role_paths',
    type: STRINGS,
    doc: 'Local role directories, uploaded under `<staging_directory>/roles`.',
  },
  { name: 'collection_paths', type: STRINGS, doc: 'Local collection directories to upload.' },
  {
    name: 'staging_directory',
    type: StringType,
    doc: 'The directory on the machine the files are uploaded to; it must be writable.',
    defaultDoc: `\`${ANSIBLE_LOCAL_STAGING_DIRECTORY}/<uuid>\``,
  },
  {
    name: 'clean_staging_directory',
    type: BoolType,
    doc: 'Remove the contents of `staging_directory` after Ansible has run.',
  },
  {
    name: 'inventory_file',
    type: StringType,
    doc: 'A local inventory file to upload and use (add `--limit` to `extra_arguments` to pick this host).',
  },
  {
    name: 'inventory_groups',
    type: STRINGS,
    doc: 'Groups `127.0.0.1` is put in when the inventory is generated.',
  },
  {
    name: 'galaxy_file',
    type: StringType,
    doc: 'A requirements file whose roles and collections ansible-galaxy installs on the machine.',
  },
  {
    name: 'galaxy_command',
    type: StringType,
    doc: 'The ansible-galaxy command on the machine.',
    default: 'ansible-galaxy',
  },
  { name: 'galaxy_force_install', type: BoolType, doc: 'Pass `--force` to ansible-galaxy.' },
  {
    name: 'galaxy_roles_path',
    type: StringType,
    doc: 'Where ansible-galaxy installs roles on the machine.',
    defaultDoc: '`<staging_directory>/galaxy_roles`',
  },
  {
    name: 'galaxy_collections_path',
    type: StringType,
    doc: 'Where ansible-galaxy installs collections on the machine.',
    defaultDoc: '`<staging_directory>/galaxy_collections`',
  },
] as const satisfies readonly FieldSpec[];

function validateAnsibleLocal(view: ConfigView<typeof ANSIBLE_LOCAL_FIELDS>): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const playbook = goString(view, 'playbook_file');
  const playbooks = goStrings(view, 'playbook_files');
  if (playbook !== undefined && playbooks !== undefined) {
    if (playbooks.length !== 0 && playbook !== '') {
      problems.push({ message: 'Either playbook_file or playbook_files can be specified, not both' });
    }
    if (playbooks.length === 0 && playbook === '') {
      problems.push({ message: 'Either playbook_file or playbook_files must be specified' });
    }
  }
  problems.push(...optionalFileProblems(view, 'playbook_file'));
  for (const path of playbooks ?? [])
    problems.push(...fileProblems('playbook_files', 'playbook_files', path));
  problems.push(...optionalFileProblems(view, 'inventory_file'));
  problems.push(...optionalFileProblems(view, 'galaxy_file'));
  for (const option of ['playbook_dir', 'group_vars', 'host_vars'] as const) {
    problems.push(...optionalDirectoryProblems(view, option));
  }
  for (const option of ['playbook_paths', 'role_paths', 'collection_paths'] as const) {
    for (const path of goStrings(view, option) ?? []) problems.push(...directoryProblems(option, path));
  }
  return problems;
}

export const ANSIBLE_LOCAL_PROVISIONER_SCHEMA: ComponentSchema<typeof ANSIBLE_LOCAL_FIELDS> = {
  kind: 'provisioner',
  type: 'ansible-local',
  plugin: PLUGIN,
  doc:
    'Uploads playbooks, roles and variables to the machine being built and runs ansible-playbook there ' +
    'against 127.0.0.1. Ansible must already be installed on the machine.',
  fields: ANSIBLE_LOCAL_FIELDS,
  validate: validateAnsibleLocal,
};

export const ANSIBLE_SCHEMAS: readonly ComponentSchema[] = [
  ANSIBLE_PROVISIONER_SCHEMA,
  ANSIBLE_LOCAL_PROVISIONER_SCHEMA,
];
