import * as path from 'node:path';
import {
  AMAZON_TEMPLATE_FUNCTIONS,
  cleanAmazonResourceName,
} from '../../src/components/amazon/template-functions';
import { renderGoTemplate } from '../../src/gotemplate';
import type { InterpolationContext, RenderResult } from '../../src/gotemplate';
import { PACKER_COMPAT_VERSION } from '../../src/version';
import { type RemoteEmulator, startRemoteEmulator } from '../eval/functions/remote-emulator';

const NOW = new Date('2024-03-05T07:08:09.123Z');
const UNIX = '1709622489';

function render(text: string, ctx: InterpolationContext = {}): string {
  const r = renderGoTemplate(text, { now: NOW, ...ctx });
  if (!r.ok) throw new Error(r.message);
  return r.value;
}

function failure(text: string, ctx: InterpolationContext = {}): string {
  const r: RenderResult = renderGoTemplate(text, { now: NOW, ...ctx });
  if (r.ok) throw new Error(`rendered ${JSON.stringify(r.value)}`);
  return r.message;
}

describe('build_name and build_type', () => {
  it('read the context and fail as Packer does without it', () => {
    expect(render('{{build_name}}/{{build_type}}', { buildName: 'docker.ubuntu', buildType: 'docker' })).toBe(
      'docker.ubuntu/docker',
    );
    expect(failure('{{ build_type }}')).toBe(
      'template: root:1:3: executing "root" at <build_type>: error calling build_type: build_type not available',
    );
    expect(failure('{{build_name}}', { buildName: '' })).toMatch(/build_name not available$/);
  });
});

describe('env', () => {
  it('reads the given environment only where Packer enables it', () => {
    expect(render('{{env `A`}}-{{ env "MISSING" }}', { env: { A: 'x' } })).toBe('x-');
    expect(failure('{{env `A`}}')).toBe(
      'template: root:1:2: executing "root" at <env `A`>: error calling env: env vars are not allowed here',
    );
  });
});

describe('isotime and timestamp', () => {
  it('use the context clock, in UTC, with Go layouts', () => {
    expect(render('{{timestamp}}')).toBe(UNIX);
    expect(render('{{isotime}}')).toBe('2024-03-05T07:08:09Z');
    const cases: [string, string][] = [
      ['2006-01-02', '2024-03-05'],
      ['20060102150405', '20240305070809'],
      ['Jan _2 15:04:05 MST', 'Mar  5 07:08:09 UTC'],
      ['Monday, 02-Jan-06 3:04PM', 'Tuesday, 05-Mar-24 7:08AM'],
      ['2006-01-02T15:04:05.000Z07:00', '2024-03-05T07:08:09.123Z'],
      ['002 .999', '065 .123'],
      ['literal text', 'literal text'],
    ];
    for (const [layout, expected] of cases) expect(render(`{{ isotime "${layout}" }}`)).toBe(expected);
    expect(failure('{{ isotime "a" "b" }}')).toBe(
      'template: root:1:3: executing "root" at <isotime "a" "b">: error calling isotime: too many values, 1 needed: [a b]',
    );
  });
  it('agree across renders without a clock (Packer reads the time once per process)', () => {
    const a = renderGoTemplate('{{timestamp}} {{isotime}}', {});
    const b = renderGoTemplate('{{timestamp}} {{isotime}}', {});
    expect(a).toEqual(b);
  });
  it('strftime formats with C-style directives', () => {
    // Packer 1.6.6: {{ strftime "%Y-%m-%d %H:%M:%S %Z %a %b %p %%" }} => 2026-11-22 09:04:02 UTC Sun Nov AM %
    expect(render('{{ strftime "%Y-%m-%d %H:%M:%S %Z %a %b %p %%" }}')).toBe(
      '2024-03-05 07:08:09 UTC Tue Mar AM %',
    );
    expect(render('{{ strftime "%y%j" }}')).toBe('24%j');
  });
});

describe('pwd, template_dir and packer_version', () => {
  it('read the context', () => {
    expect(render('{{pwd}}', { cwd: '/work/x' })).toBe('/work/x');
    expect(render('{{pwd}}')).toBe(process.cwd());
    expect(render('{{template_dir}}', { templateDir: '/srv/t' })).toBe('/srv/t');
    expect(render('{{template_dir}}', { templateDir: 'rel', cwd: '/base' })).toBe(
      path.resolve('/base', 'rel'),
    );
    expect(failure('{{template_dir}}')).toMatch(/error calling template_dir: template path not available$/);
    expect(render('{{ packer_version }}')).toBe(PACKER_COMPAT_VERSION);
  });
});

describe('uuid', () => {
  it('uses the context source, else a time-ordered UUID', () => {
    expect(render('{{uuid}}', { uuid: () => 'fixed' })).toBe('fixed');
    const u = render('{{uuid}}');
    expect(u).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    // The first group is the Unix time in hex (uuid.TimeOrderedUUID).
    expect(Math.abs(parseInt(u.slice(0, 8), 16) - Date.now() / 1000)).toBeLessThan(60);
    expect(render('{{uuid}}')).not.toBe(u);
  });
});

describe('user', () => {
  const userVariables = new Map([
    ['region', 'eu-west-1'],
    ['empty', ''],
  ]);
  it('reads user variables; unknown ones are empty outside the variables section', () => {
    expect(render('{{user `region`}}|{{ user "empty" }}|{{user `nope`}}', { userVariables })).toBe(
      'eu-west-1||',
    );
  });
  it('fails for unknown ones while variables are rendered (env enabled), so the caller can retry', () => {
    expect(failure('{{user `nope`}}', { userVariables, env: {} })).toBe(
      'template: root:1:2: executing "root" at <user `nope`>: error calling user: Error: variable not set: nope',
    );
  });
  it("fails with Packer's own message without user variables", () => {
    expect(failure('{{user `a`}}')).toMatch(/error calling user: test$/);
  });
});

describe('split, replace, replace_all, upper, lower', () => {
  it('behave as Go strings functions', () => {
    expect(render('{{ split "a,b,c" "," 2 }}|{{ split "héllo" "" 1 }}')).toBe('c|é');
    expect(
      render('{{ replace "a" "b" 2 "aaa" }}|{{ replace "" "-" 2 "abc" }}|{{ replace "x" "y" -1 "xx" }}'),
    ).toBe('bba|-a-bc|yy');
    expect(render('{{ replace_all "an" "AN" "banana" }}|{{ replace "a" "a" 1 "aaa" }}')).toBe('bANANa|aaa');
    // Go maps case rune by rune: ß has no single-rune upper case.
    expect(render('{{ upper "straße" }}|{{ lower "ÀÉ" }}')).toBe('STRAßE|àé');
    expect(render('{{ "MiXeD" | lower | upper }}')).toBe('MIXED');
  });
  it("report Go's errors", () => {
    // Packer 1.6.6 console: {{ split "a,b" "," 5 }}
    expect(failure('{{ split "a,b" "," 5 }}')).toBe(
      'template: root:1:3: executing "root" at <split "a,b" "," 5>: error calling split: the substring 5 was unavailable using the separator value, ,, only 2 values were found',
    );
    expect(failure('{{ split "a,b" "," -1 }}')).toMatch(
      /error calling split: runtime error: index out of range \[-1\]$/,
    );
    expect(failure('{{ replace "a" "b" "1" "aaa" }}')).toBe(
      'template: root:1:19: executing "root" at <"1">: expected integer; found "1"',
    );
  });
});

describe('sed', () => {
  it('is deprecated with an error', () => {
    // Packer 1.6.6 console, same text.
    expect(failure('{{ sed "a" "b" }}')).toBe(
      'template: root:1:3: executing "root" at <sed "a" "b">: error calling sed: template function `sed` is deprecated use `replace` or `replace_all` instead.Documentation: https://www.packer.io/docs/templates/engine',
    );
  });
});

describe('build', () => {
  const placeholder = 'To set this dynamically in the Packer template, you must use the `build` function';
  it('reads generated data, passing placeholders through as {{.Name}}', () => {
    expect(render('{{ build `ID` }}', { data: { ID: 'i-0abc' } })).toBe('i-0abc');
    expect(render('{{ build `Host` }}', { data: { Host: placeholder } })).toBe('{{.Host}}');
  });
  it("fails with Packer's messages", () => {
    // Packer 1.6.6 console (no data): the variable "will not be passed into your plugin".
    expect(failure('{{ build `ID` }}')).toBe(
      'template: root:1:3: executing "root" at <build `ID`>: error calling build: Error validating build variable: the given variable ID will not be passed into your plugin.',
    );
    expect(failure('{{ build `ID` }}', { data: {} })).toMatch(/loaded data, but couldnt find ID in it\.$/);
    expect(failure('{{ build `Port` }}', { data: { Port: 22 } })).toMatch(/couldnt find Port in it\.$/);
    expect(failure('{{ build `ID` }}', { data: { ID: 'x' }, dataType: '*shell.T' })).toMatch(
      /will not be passed into your plugin\.$/,
    );
  });
});

describe('clean_resource_name', () => {
  it('exists only where a component adds it (Packer 1.6.6: not defined in core)', () => {
    expect(failure('{{ clean_resource_name "a" }}')).toBe(
      'template: root:1: function "clean_resource_name" not defined',
    );
    expect(failure('{{ clean_ami_name "a" }}')).toBe(
      'template: root:1: function "clean_ami_name" not defined',
    );
  });
  it("applies the amazon plugin's byte rules", () => {
    const functions = AMAZON_TEMPLATE_FUNCTIONS;
    expect(render('{{ clean_resource_name "a b:c/é(x)[y]@_.\'" }}', { functions })).toBe(
      "a b-c/--(x)[y]@_.'",
    );
    expect(render('{{ timestamp | clean_resource_name }}', { functions })).toBe(UNIX);
    expect(cleanAmazonResourceName('ami*name?')).toBe('ami-name-');
    expect(failure('{{ clean_resource_name 1 }}', { functions })).toBe(
      'template: root:1:23: executing "root" at <1>: expected string; found 1',
    );
  });
  it('lets component functions report errors and take integers', () => {
    const functions = new Map([
      [
        'pick',
        {
          params: ['string', 'int'] as const,
          impl: ([s, n]: readonly (string | number)[]) => {
            if (typeof n !== 'number' || n < 0) throw new Error('negative');
            return String(s).slice(Number(n));
          },
        },
      ],
    ]);
    expect(render('{{ pick "hello" 2 }}', { functions })).toBe('llo');
    expect(failure('{{ pick "hello" -1 }}', { functions })).toMatch(/error calling pick: negative$/);
  });
});

describe('consul_key, vault and AWS Secrets Manager', () => {
  it("fail outside the variables section with Packer's messages", () => {
    // Packer 1.6.6 console, same messages.
    expect(failure('{{ consul_key `x` }}')).toMatch(
      /error calling consul_key: consul_key is not allowed here$/,
    );
    expect(failure('{{ vault `a` `b` }}')).toMatch(
      /error calling vault: Vault vars are only allowed in the variables section$/,
    );
    expect(failure('{{ aws_secretsmanager `x` }}')).toMatch(
      /error calling aws_secretsmanager: AWS Secrets Manager is only allowed in the variables section$/,
    );
    expect(failure('{{ aws_secretsmanager_raw `x` }}')).toMatch(/only allowed in the variables section$/);
  });

  describe('in the variables section (env enabled)', () => {
    let emulator: RemoteEmulator;
    beforeAll(async () => {
      emulator = await startRemoteEmulator();
    });
    afterAll(() => emulator.stop());
    const baseEnv = (): Record<string, string> => ({
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '/tmp',
    });

    it('read Consul and Vault', () => {
      const env = {
        ...baseEnv(),
        CONSUL_HTTP_ADDR: emulator.base.replace('http://', ''),
        VAULT_ADDR: emulator.base,
        VAULT_TOKEN: 'vtoken',
      };
      expect(render('{{ consul_key `app/db` }}|{{ vault `secret/data/app` `password` }}', { env })).toBe(
        's3cret|p2',
      );
      expect(failure('{{ consul_key `missing` }}', { env })).toMatch(
        /error calling consul_key: key does not exist at the given path: missing$/,
      );
    });

    it('read Secrets Manager with one or two arguments', () => {
      const env = {
        ...baseEnv(),
        AWS_ACCESS_KEY_ID: 'test',
        AWS_SECRET_ACCESS_KEY: 'test',
        AWS_REGION: 'us-east-1',
        AWS_EC2_METADATA_DISABLED: 'true',
        AWS_ENDPOINT_URL_SECRETS_MANAGER: emulator.base,
      };
      expect(render('{{ aws_secretsmanager `plain` }}|{{ aws_secretsmanager `json` `user` }}', { env })).toBe(
        'hunter2|u',
      );
      expect(render('{{ aws_secretsmanager_raw `json` }}', { env })).toBe('{"user":"u","port":5432}');
      expect(failure('{{ aws_secretsmanager }}', { env })).toMatch(
        /error calling aws_secretsmanager: secret name must be provided$/,
      );
      expect(failure('{{ aws_secretsmanager `a` `b` `c` }}', { env })).toMatch(
        /only secret name and optional secret key can be provided\.$/,
      );
    });
  });
});
