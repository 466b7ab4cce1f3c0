import { StringType } from '../../values/types';
import type { WithCommunicator } from '../../schema/communicator';
import type { ComponentSchema, ConfigProblem, ConfigView, FieldSpec } from '../../schema/types';
import { goBool, goString } from '../../schema/go-fields';

/**
 * The builders that ship inside Packer itself: `null` (connects to an existing machine, creates
 * nothing) and `file` (writes one file). Checks and messages follow builder/null/config.go and
 * builder/file/config.go.
 */

/** The null builder has no options but its communicator's. */
export const NULL_FIELDS = [] as const satisfies readonly FieldSpec[];

type NullBuilderView = ConfigView<WithCommunicator<typeof NULL_FIELDS>>;

/**
 * communicator.Config's Host/User/Password: the ssh_* or winrm_* option, by communicator type. Any
 * other type has none of them (Packer's helpers answer "" there too). undefined: not known yet.
 */
function connectionOption(
  view: NullBuilderView,
  type: string,
  what: 'host' | 'username' | 'password',
): string | undefined {
  if (type === 'ssh') return goString(view, `ssh_${what}`);
  if (type === 'winrm') return goString(view, `winrm_${what}`);
  return '';
}

function validateNullBuilder(view: NullBuilderView): ConfigProblem[] {
  // The SDK's communicator Prepare turns an unset communicator into "ssh" before these checks run.
  const type = goString(view, 'communicator');
  if (type === undefined || type === 'none') return [];
  const effectiveType = type === '' ? 'ssh' : type;
  const problems: ConfigProblem[] = [];

  const host = connectionOption(view, effectiveType, 'host');
  if (host === '') {
    problems.push({ message: 'a Host must be specified, please reference your communicator documentation' });
  }
  const user = connectionOption(view, effectiveType, 'username');
  if (user === '') {
    problems.push({
      message: 'a Username must be specified, please reference your communicator documentation',
    });
  }

  const agentAuth = goBool(view, 'ssh_agent_auth');
  const password = connectionOption(view, effectiveType, 'password');
  const keyFile = goString(view, 'ssh_private_key_file');
  if (agentAuth === false && password === '' && keyFile === '') {
    problems.push({
      message:
        'one authentication method must be specified, please reference your communicator documentation',
    });
  }

  // Unlike the check above, Packer reads ssh_password here whatever the communicator type.
  const sshPassword = goString(view, 'ssh_password');
  if (agentAuth !== undefined && sshPassword !== undefined && keyFile !== undefined) {
    const methods = [agentAuth, sshPassword !== '', keyFile !== ''].filter(Boolean).length;
    if (methods > 1) {
      problems.push({
        message: 'only one of ssh_agent_auth, ssh_password, and ssh_private_key_file must be specified',
      });
    }
  }
  return problems;
}

export const NULL_BUILDER_SCHEMA: ComponentSchema<
  typeof NULL_FIELDS,
  WithCommunicator<typeof NULL_FIELDS>
> = {
  kind: 'builder',
  type: 'null',
  plugin: 'builtin',
  doc:
    'Creates no machine: it connects to an existing host with the configured communicator so that ' +
    'provisioners can run there, and produces no artifact of its own. Useful for debugging provisioners. ' +
    'Unless `communicator = "none"`, a host, a username and exactly one authentication method are required.',
  fields: NULL_FIELDS,
  communicator: 'ssh',
  validate: validateNullBuilder,
};

export const FILE_FIELDS = [
  { name: 'source', type: StringType, doc: 'Path of a file whose contents are copied to `target`.' },
  { name: 'target', type: StringType, doc: 'Path of the file to write.', required: 'target required' },
  {
    name: 'content',
    type: StringType,
    doc: 'Text written to `target`. Cannot be used together with `source`.',
  },
] as const satisfies readonly FieldSpec[];

function validateFileBuilder(view: ConfigView<typeof FILE_FIELDS>): ConfigProblem[] {
  // A missing (or empty) target is the declaration's `required`.
  const problems: ConfigProblem[] = [];
  const content = goString(view, 'content');
  const source = goString(view, 'source');
  if (content === '' && source === '') {
    problems.push({
      severity: 'warning',
      message: 'Both source file and contents are blank; target will have no content',
    });
  }
  if (content !== undefined && source !== undefined && content !== '' && source !== '') {
    problems.push({ message: 'Cannot specify source file AND content', field: 'content' });
  }
  return problems;
}

export const FILE_BUILDER_SCHEMA: ComponentSchema<typeof FILE_FIELDS> = {
  kind: 'builder',
  type: 'file',
  plugin: 'builtin',
  doc:
    'Writes one file, `target`, from inline `content` or by copying `source`, and yields it as the ' +
    'artifact. Mostly used to test post-processors quickly.',
  fields: FILE_FIELDS,
  communicator: 'none',
  validate: validateFileBuilder,
};

export const CORE_BUILDER_SCHEMAS: readonly ComponentSchema[] = [NULL_BUILDER_SCHEMA, FILE_BUILDER_SCHEMA];
