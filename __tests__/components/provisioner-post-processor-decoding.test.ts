import * as path from 'node:path';
import { ANSIBLE_PROVISIONER_SCHEMA } from '../../src/components/ansible/schema';
import {
  ARTIFICE_POST_PROCESSOR_SCHEMA,
  CHECKSUM_POST_PROCESSOR_SCHEMA,
  SHELL_LOCAL_POST_PROCESSOR_SCHEMA,
} from '../../src/components/core/post-processors';
import { FILE_PROVISIONER_SCHEMA, SHELL_PROVISIONER_SCHEMA } from '../../src/components/core/provisioners';
import { DOCKER_PUSH_SCHEMA } from '../../src/components/docker/post-processor-schemas';
import type { DecodedConfig } from '../../src/schema/types';
import { decode } from '../support/component-decode';
import { tempDir, writeFiles } from '../support/temp';

/**
 * The provisioner and post-processor declarations through the real decoder: HCL and JSON bodies,
 * Packer's phases (unsupported arguments, durations, required options, the components' own checks),
 * and the ranges problems point at.
 */

/** [severity, summary, detail, first line of the subject] of each diagnostic. */
const summary = (d: DecodedConfig): [string, string, string, number | undefined][] =>
  d.diagnostics.map((x) => [x.severity, x.summary, x.detail, x.subject?.start.line]);

const dir = writeFiles(tempDir('kiln-pp-decode-'), { 'script.sh': 'echo hi\n' });
const script = path.join(dir, 'script.sh');

describe('shell provisioner, decoded', () => {
  test('a valid body gets its values and the defaults', () => {
    const d = decode(SHELL_PROVISIONER_SCHEMA, 'inline = ["echo ${var.plain}"]\npause_after = "10s"\n');
    expect(d.diagnostics).toEqual([]);
    expect(d.view.strings('inline')).toEqual(['echo plain']);
    expect(d.view.duration('pause_after')).toBe(10_000);
    expect(d.view.duration('start_retry_timeout')).toBe(300_000);
    expect(d.view.string('remote_folder')).toBe('/tmp');
    expect(d.view.value('valid_exit_codes').type.kind).toBe('list');
    expect(d.view.isSet('remote_folder')).toBe(false);
  });

  test("Packer's own messages, at the option they are about", () => {
    const d = decode(SHELL_PROVISIONER_SCHEMA, `script = "${script}"\nscripts = ["${script}"]\n`);
    expect(summary(d)).toEqual([['error', 'Only one of script or scripts can be specified.', '', 2]]);
    const none = decode(SHELL_PROVISIONER_SCHEMA, 'skip_clean = true\n');
    expect(summary(none).map((s) => s[1])).toEqual([
      'Either a script file or inline script must be specified.',
    ]);
  });

  test('a misspelt option is Unsupported, and the later phases wait', () => {
    const d = decode(SHELL_PROVISIONER_SCHEMA, 'inlin = ["x"]\n');
    expect(d.diagnostics.map((x) => x.summary)).toEqual(['Unsupported argument']);
  });

  test("a bad duration stops before the component's checks", () => {
    const d = decode(SHELL_PROVISIONER_SCHEMA, 'start_retry_timeout = "5 minutes"\n');
    expect(d.diagnostics.map((x) => x.summary)).toEqual(['Failed parsing start_retry_timeout']);
  });

  test("a script not known yet is looked for under Packer's placeholder name", () => {
    const d = decode(SHELL_PROVISIONER_SCHEMA, 'script = var.later\n');
    expect(d.diagnostics.map((x) => x.summary)).toEqual([expect.stringContaining("Bad script '<unknown>'")]);
  });
});

describe('file provisioner, decoded', () => {
  test('destination is required once, written or not', () => {
    expect(summary(decode(FILE_PROVISIONER_SCHEMA, 'content = "x"\n'))).toEqual([
      ['error', 'Destination must be specified.', '', 100],
    ]);
    expect(summary(decode(FILE_PROVISIONER_SCHEMA, 'content = "x"\ndestination = ""\n'))).toEqual([
      ['error', 'Destination must be specified.', '', 2],
    ]);
  });

  test('upload checks', () => {
    const d = decode(
      FILE_PROVISIONER_SCHEMA,
      `source = "${script}"\ncontent = "x"\ndestination = "/tmp/x"\n`,
    );
    expect(summary(d)).toEqual([['error', 'source(s) conflicts with content.', '', 2]]);
    const ok = decode(FILE_PROVISIONER_SCHEMA, `sources = ["${script}"]\ndestination = "/tmp/"\n`);
    expect(ok.diagnostics).toEqual([]);
    expect(ok.view.string('direction')).toBe('upload');
  });
});

describe('post-processors, decoded', () => {
  test('artifice: files missing or empty is one error', () => {
    expect(summary(decode(ARTIFICE_POST_PROCESSOR_SCHEMA, ''))).toEqual([
      ['error', 'No files specified in artifice configuration', '', 100],
    ]);
    expect(summary(decode(ARTIFICE_POST_PROCESSOR_SCHEMA, 'files = []\n'))).toEqual([
      ['error', 'No files specified in artifice configuration', '', 1],
    ]);
  });

  test('checksum: unknown hash names', () => {
    const d = decode(CHECKSUM_POST_PROCESSOR_SCHEMA, 'checksum_types = ["sha256", "crc32"]\n');
    expect(summary(d)).toEqual([['error', 'Unrecognized checksum type: crc32', '', 1]]);
    expect(decode(CHECKSUM_POST_PROCESSOR_SCHEMA, '').view.strings('checksum_types')).toEqual(['md5']);
  });

  test('shell-local from JSON: only_on with its detail', () => {
    const d = decode(
      SHELL_LOCAL_POST_PROCESSOR_SCHEMA,
      '{"inline": ["x"], "only_on": ["macos"]}',
      'test.pkr.json',
    );
    expect(summary(d)).toEqual([
      [
        'error',
        "Invalid OS specified in only_on: 'macos'",
        'Supported OS names: darwin, freebsd, linux, openbsd, solaris, windows',
        1,
      ],
    ]);
    expect(
      decode(SHELL_LOCAL_POST_PROCESSOR_SCHEMA, '{"command": "x"}', 'test.pkr.json').diagnostics,
    ).toEqual([]);
  });

  test('docker-push: ecr_login needs login_server; the password is marked sensitive', () => {
    const d = decode(DOCKER_PUSH_SCHEMA, 'ecr_login = true\nlogin_password = "pw"\n');
    expect(summary(d)).toEqual([['error', 'ECR login requires login server to be provided.', '', 1]]);
    expect(d.view.value('login_password').hasMark('sensitive')).toBe(true);
  });

  test('keep_input_artifact is a meta-argument, not an option of the component', () => {
    const d = decode(CHECKSUM_POST_PROCESSOR_SCHEMA, 'keep_input_artifact = true\n');
    expect(d.diagnostics.map((x) => x.summary)).toEqual(['Unsupported argument']);
  });
});

describe('ansible provisioner, decoded', () => {
  test('playbook_file: required, then it must exist', () => {
    expect(summary(decode(ANSIBLE_PROVISIONER_SCHEMA, 'use_proxy = false\n'))).toEqual([
      ['error', 'playbook_file must be specified.', '', 100],
    ]);
    const missing = path.join(dir, 'missing.yml');
    expect(summary(decode(ANSIBLE_PROVISIONER_SCHEMA, `playbook_file = "${missing}"\n`))).toEqual([
      ['error', `playbook_file: ${missing} is invalid: stat ${missing}: no such file or directory`, '', 1],
    ]);
  });
});
