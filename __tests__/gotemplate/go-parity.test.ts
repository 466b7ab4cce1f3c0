import { renderGoTemplate } from '../../src/gotemplate';
import type { InterpolationContext } from '../../src/gotemplate';

/**
 * Results recorded from Go's text/template (go1.19) parsing `template.New("root")` with functions of
 * exactly Packer's signatures (packer-plugin-sdk template/interpolate FuncGens), executed with the
 * data named in each row. The fixed context mirrors the Go harness: InitTime 2024-03-05T07:08:09Z,
 * uuid "UUID", pwd "/pwd", no template path, no build type, packer_version 1.16.1; `struct` data is
 * a *main.ExecuteCommandTemplate{Vars, Path string; Port int}; `amazon` adds a clean_resource_name
 * returning "CLEAN"+s. Deliberate differences are tested in render.test.ts.
 */

interface Row {
  readonly data?: Record<string, string | number | boolean>;
  readonly struct?: boolean;
  readonly user?: Record<string, string>;
  readonly env?: boolean;
  readonly buildName?: string;
  readonly amazon?: boolean;
}

type Expected = { readonly value: string } | { readonly error: string };

function context(row: Row): InterpolationContext {
  return {
    data: row.struct ? { Vars: '', Path: '', Port: 0, ...(row.data ?? {}) } : row.data,
    dataType: row.struct ? '*main.ExecuteCommandTemplate' : undefined,
    userVariables: row.user ? new Map(Object.entries(row.user)) : undefined,
    env: row.env ? {} : undefined,
    buildName: row.buildName,
    cwd: '/pwd',
    uuid: () => 'UUID',
    now: new Date('2024-03-05T07:08:09.123Z'),
    functions: row.amazon
      ? new Map([
          ['clean_resource_name', { params: ['string'] as const, impl: ([s]) => `CLEAN${String(s)}` }],
        ])
      : undefined,
  };
}

const GO_RESULTS: readonly (readonly [string, Row, Expected])[] = [
  ['plain', {}, { value: 'plain' }],
  ['{{timestamp}}', {}, { value: '1709622489' }],
  ['{{ timestamp }}-{{uuid}}', {}, { value: '1709622489-UUID' }],
  ['a {{- timestamp -}} b', {}, { value: 'a1709622489b' }],
  ['a  \n {{- timestamp}}  \n b', {}, { value: 'a1709622489  \n b' }],
  ['{{timestamp -}}  \n b', {}, { value: '1709622489b' }],
  ['{{/* comment */}}x', {}, { value: 'x' }],
  ['a {{- /* comment */ -}} b', {}, { value: 'ab' }],
  ['{{/* unclosed', {}, { error: 'template: root:1: unclosed comment' }],
  ['{{/* x */ }}', {}, { error: 'template: root:1: comment ends before closing delimiter' }],
  ['{{user `foo`}}', { user: { foo: 'bar' } }, { value: 'bar' }],
  ['{{user "foo"}}', { user: { foo: 'bar' } }, { value: 'bar' }],
  ['{{user `nope`}}', { user: { foo: 'bar' } }, { value: '' }],
  [
    '{{user `nope`}}',
    { user: { foo: 'bar' }, env: true },
    {
      error:
        'template: root:1:2: executing "root" at <user `nope`>: error calling user: Error: variable not set: nope',
    },
  ],
  [
    '{{user `nope`}}',
    {},
    { error: 'template: root:1:2: executing "root" at <user `nope`>: error calling user: test' },
  ],
  [
    '{{user}}',
    {},
    { error: 'template: root:1:2: executing "root" at <user>: wrong number of args for user: want 1 got 0' },
  ],
  [
    '{{user 1}}',
    { user: {} },
    { error: 'template: root:1:7: executing "root" at <1>: expected string; found 1' },
  ],
  [
    '{{user `a` `b`}}',
    { user: {} },
    { error: 'template: root:1:2: executing "root" at <user>: wrong number of args for user: want 1 got 2' },
  ],
  ['{{foo}}', {}, { error: 'template: root:1: function "foo" not defined' }],
  ['{{ "a" }', {}, { error: 'template: root:1: unexpected "}" in operand' }],
  [
    '{{build_name}}',
    {},
    {
      error:
        'template: root:1:2: executing "root" at <build_name>: error calling build_name: build_name not available',
    },
  ],
  ['{{build_name}}', { buildName: 'docker.x' }, { value: 'docker.x' }],
  [
    '{{build_type}}',
    {},
    {
      error:
        'template: root:1:2: executing "root" at <build_type>: error calling build_type: build_type not available',
    },
  ],
  ['{{upper 1}}', {}, { error: 'template: root:1:8: executing "root" at <1>: expected string; found 1' }],
  ['{{upper `abc`}} {{lower "ÀB"}}', {}, { value: 'ABC àb' }],
  ['{{ isotime }}', {}, { value: '2024-03-05T07:08:09Z' }],
  ['{{ isotime "2006-01-02" }}', {}, { value: '2024-03-05' }],
  [
    '{{ isotime "Jan _2 15:04:05 MST" "x" }}',
    {},
    {
      error:
        'template: root:1:3: executing "root" at <isotime "Jan _2 15:04:05 MST" "x">: error calling isotime: too many values, 1 needed: [Jan _2 15:04:05 MST x]',
    },
  ],
  ['{{ printf "%d-%s" 3 "x" }}', {}, { value: '3-x' }],
  ['{{ . }}', {}, { value: '<no value>' }],
  ['{{ .Foo }}', {}, { value: '<no value>' }],
  ['{{ .Foo }}', { data: {} }, { value: '<no value>' }],
  ['{{ .Path }} {{.Vars}}', { data: { Path: '/tmp/x', Vars: 'A=1' } }, { value: '/tmp/x A=1' }],
  [
    '{{ .Nope }}',
    { struct: true },
    {
      error:
        'template: root:1:3: executing "root" at <.Nope>: can\'t evaluate field Nope in type *main.ExecuteCommandTemplate',
    },
  ],
  ['{{ .Path }}|{{.Port}}', { data: { Path: '/p', Port: 22 }, struct: true }, { value: '/p|22' }],
  [
    '{{ .Path.X }}',
    { data: { Path: '/x' } },
    {
      error:
        'template: root:1:8: executing "root" at <.Path.X>: can\'t evaluate field X in type interface {}',
    },
  ],
  [
    '{{ .Path.X }}',
    { struct: true },
    { error: 'template: root:1:8: executing "root" at <.Path.X>: can\'t evaluate field X in type string' },
  ],
  ['{{ .A.B }}', { data: {} }, { value: '<no value>' }],
  [
    '{{ upper .Port }}',
    { data: { Port: 22 } },
    {
      error:
        'template: root:1:9: executing "root" at <.Port>: wrong type for value; expected string; got int',
    },
  ],
  [
    '{{ upper .Nope }}',
    { data: {} },
    { error: 'template: root:1:9: executing "root" at <.Nope>: invalid value; expected string' },
  ],
  [
    '{{ upper . }}',
    { data: {} },
    {
      error:
        'template: root:1:9: executing "root" at <.>: wrong type for value; expected string; got map[string]interface {}',
    },
  ],
  [
    '{{ upper . }}',
    {},
    { error: 'template: root:1:9: executing "root" at <.>: invalid value; expected string' },
  ],
  ['{{ . }}', { data: { b: '2', a: 1, c: true } }, { value: 'map[a:1 b:2 c:true]' }],
  ['{{ "abc" | upper }}', {}, { value: 'ABC' }],
  ['{{ "abc" | upper | lower }}', {}, { value: 'abc' }],
  ['{{ upper (lower `ABC`) }}', {}, { value: 'ABC' }],
  ['{{ split `a,b,c` `,` 1 }}', {}, { value: 'b' }],
  [
    '{{ split `a,b,c` `,` 5 }}',
    {},
    {
      error:
        'template: root:1:3: executing "root" at <split `a,b,c` `,` 5>: error calling split: the substring 5 was unavailable using the separator value, ,, only 3 values were found',
    },
  ],
  [
    '{{ split `a,b,c` `,` -1 }}',
    {},
    {
      error:
        'template: root:1:3: executing "root" at <split `a,b,c` `,` -1>: error calling split: runtime error: index out of range [-1]',
    },
  ],
  ['{{ split `abc` `` 2 }}', {}, { value: 'c' }],
  [
    '{{ split `a,b` `,` "1" }}',
    {},
    { error: 'template: root:1:19: executing "root" at <"1">: expected integer; found "1"' },
  ],
  [
    '{{ split `a,b` `,` 1.5 }}',
    {},
    { error: 'template: root:1:19: executing "root" at <1.5>: expected integer; found 1.5' },
  ],
  ['{{ replace `a` `b` 1 `aaa` }}', {}, { value: 'baa' }],
  ['{{ replace `a` `b` -1 `aaa` }}', {}, { value: 'bbb' }],
  ['{{ replace `` `-` 2 `abc` }}', {}, { value: '-a-bc' }],
  ['{{ replace `` `-` -1 `abc` }}', {}, { value: '-a-b-c-' }],
  ['{{ replace_all `a` `b` `banana` }}', {}, { value: 'bbnbnb' }],
  [
    '{{ sed `a` `b` }}',
    {},
    {
      error:
        'template: root:1:3: executing "root" at <sed `a` `b`>: error calling sed: template function `sed` is deprecated use `replace` or `replace_all` instead.Documentation: https://www.packer.io/docs/templates/engine',
    },
  ],
  [
    '{{ consul_key `a` }}',
    {},
    {
      error:
        'template: root:1:3: executing "root" at <consul_key `a`>: error calling consul_key: consul_key is not allowed here',
    },
  ],
  [
    '{{ vault `a` `b` }}',
    {},
    {
      error:
        'template: root:1:3: executing "root" at <vault `a` `b`>: error calling vault: Vault vars are only allowed in the variables section',
    },
  ],
  [
    '{{ aws_secretsmanager `a` }}',
    {},
    {
      error:
        'template: root:1:3: executing "root" at <aws_secretsmanager `a`>: error calling aws_secretsmanager: AWS Secrets Manager is only allowed in the variables section',
    },
  ],
  [
    '{{ aws_secretsmanager_raw `a` }}',
    {},
    {
      error:
        'template: root:1:3: executing "root" at <aws_secretsmanager_raw `a`>: error calling aws_secretsmanager_raw: AWS Secrets Manager is only allowed in the variables section',
    },
  ],
  ['{{ pwd }}', {}, { value: '/pwd' }],
  [
    '{{ template_dir }}',
    {},
    {
      error:
        'template: root:1:3: executing "root" at <template_dir>: error calling template_dir: template path not available',
    },
  ],
  ['{{ packer_version }}', {}, { value: '1.16.1' }],
  [
    '{{ build `ID` }}',
    {},
    {
      error:
        'template: root:1:3: executing "root" at <build `ID`>: error calling build: Error validating build variable: the given variable ID will not be passed into your plugin.',
    },
  ],
  ['{{ build `ID` }}', { data: { ID: 'i-123' } }, { value: 'i-123' }],
  [
    '{{ build `ID` }}',
    { data: { X: 'i-123' } },
    {
      error:
        'template: root:1:3: executing "root" at <build `ID`>: error calling build: loaded data, but couldnt find ID in it.',
    },
  ],
  [
    '{{ build `Port` }}',
    { data: { Port: 22 } },
    {
      error:
        'template: root:1:3: executing "root" at <build `Port`>: error calling build: loaded data, but couldnt find Port in it.',
    },
  ],
  [
    '{{ clean_resource_name `a b` }}',
    {},
    { error: 'template: root:1: function "clean_resource_name" not defined' },
  ],
  ['{{ clean_resource_name `a b` }}', { amazon: true }, { value: 'CLEANa b' }],
  ['{{ timestamp | clean_resource_name }}', { amazon: true }, { value: 'CLEAN1709622489' }],
  ['{{', {}, { error: 'template: root:1: unclosed action' }],
  ['{{ timestamp', {}, { error: 'template: root:1: unclosed action' }],
  ['{{ timestamp }', {}, { error: 'template: root:1: unexpected "}" in operand' }],
  ['}}', {}, { value: '}}' }],
  ['{{ end }}', {}, { error: 'template: root:1: unexpected {{end}}' }],
  ['{{ else }}', {}, { error: 'template: root:1: unexpected {{else}}' }],
  ['{{ if 1 }}x', {}, { error: 'template: root:1: unexpected EOF' }],
  ['{{ if 1 }}x{{ end }}', {}, { value: 'x' }],
  ['{{ if 0 }}x{{ else }}y{{ end }}', {}, { value: 'y' }],
  ['{{ if .A }}a{{ else if .B }}b{{ else }}c{{ end }}', { data: { B: '1' } }, { value: 'b' }],
  ['{{ with .A }}[{{.}}]{{ else }}none{{ end }}', { data: { A: 'v' } }, { value: '[v]' }],
  [
    '{{ range "abc" }}x{{ end }}',
    {},
    { error: 'template: root:1:9: executing "root" at <"abc">: range can\'t iterate over abc' },
  ],
  ['{{ range .X }}x{{ else }}empty{{ end }}', { data: {} }, { value: 'empty' }],
  ['{{ range $k, $v := . }}{{$k}}={{$v}};{{ end }}', { data: { b: '2', a: '1' } }, { value: 'a=1;b=2;' }],
  ['{{ break }}', {}, { error: 'template: root:1: {{break}} outside {{range}}' }],
  ['{{ $x := `a` }}{{ $x }}{{ $x = `b` }}{{ $x }}', {}, { value: 'ab' }],
  ['{{ $y }}', {}, { error: 'template: root:1: undefined variable "$y"' }],
  ['{{ $ }}', { data: { a: '1' } }, { value: 'map[a:1]' }],
  ['{{ $.a }}', { data: { a: '1' } }, { value: '1' }],
  [
    '{{ and 1 0 }} {{ or 0 `x` }} {{ not 0 }} {{ and }}',
    {},
    {
      error:
        'template: root:1:44: executing "root" at <and>: wrong number of args for and: want at least 1 got 0',
    },
  ],
  [
    '{{ eq 1 1 }} {{ eq `a` `b` `a` }} {{ ne 1 2 }} {{ lt 1 2 }} {{ le 2 2 }} {{ gt `b` `a` }} {{ ge 1.5 2.5 }}',
    {},
    { value: 'true true true true true true false' },
  ],
  [
    '{{ eq 1 `a` }}',
    {},
    {
      error:
        'template: root:1:3: executing "root" at <eq 1 `a`>: error calling eq: incompatible types for comparison',
    },
  ],
  [
    '{{ lt true false }}',
    {},
    {
      error:
        'template: root:1:3: executing "root" at <lt true false>: error calling lt: invalid type for comparison',
    },
  ],
  [
    '{{ eq }}',
    {},
    {
      error:
        'template: root:1:3: executing "root" at <eq>: wrong number of args for eq: want at least 1 got 0',
    },
  ],
  ['{{ eq .Nope 1 }}', { data: {} }, { value: 'false' }],
  [
    '{{ len `héllo` }} {{ index `abc` 1 }} {{ slice `abcdef` 1 3 }} {{ slice `abc` 1 }}',
    {},
    { value: '6 98 bc bc' },
  ],
  [
    '{{ len 3 }}',
    {},
    { error: 'template: root:1:3: executing "root" at <len 3>: error calling len: len of type int' },
  ],
  [
    '{{ len .Nope }}',
    { data: {} },
    {
      error:
        'template: root:1:3: executing "root" at <len .Nope>: error calling len: reflect: call of reflect.Value.Type on zero Value',
    },
  ],
  [
    '{{ index `abc` 3 }}',
    {},
    {
      error:
        'template: root:1:3: executing "root" at <index `abc` 3>: error calling index: reflect: string index out of range',
    },
  ],
  [
    '{{ index `abc` 4 }}',
    {},
    {
      error:
        'template: root:1:3: executing "root" at <index `abc` 4>: error calling index: index out of range: 4',
    },
  ],
  ['{{ index . `a` }} {{ index . `zz` }}', { data: { a: '1' } }, { value: '1 <no value>' }],
  [
    '{{ slice `abc` 2 1 }}',
    {},
    {
      error:
        'template: root:1:3: executing "root" at <slice `abc` 2 1>: error calling slice: invalid slice index: 2 > 1',
    },
  ],
  [
    '{{ call .X }}',
    { data: { X: 's' } },
    {
      error:
        'template: root:1:3: executing "root" at <call .X>: error calling call: non-function of type string',
    },
  ],
  ['{{ print 1 2 `a` 3 }} {{ println `a` 1 }}', {}, { value: '1 2a3 a 1\n' }],
  ['{{ print .Nope }} {{ printf `%s|%d` .Nope 3 }}', { data: {} }, { value: '<nil> %!s(<nil>)|3' }],
  [
    "{{ html `<a href='x'>` }} {{ js `a'b<` }} {{ urlquery `a b&c` }} {{ html .Nope }}",
    { data: {} },
    { value: "&lt;a href=&#39;x&#39;&gt; a\\'b\\u003C a+b%26c &lt;no value&gt;" },
  ],
  [
    '{{ printf `%v %5.2f %q %x %-4s| %05d %t` 1.5 3.14159 `q` `hi` `ab` 42 true }}',
    {},
    { value: '1.5  3.14 "q" 6869 ab  | 00042 true' },
  ],
  [
    '{{ printf `%d %d` 1 }} {{ printf `%d` 1 2 }} {{ printf `%` }} {{ printf `%z` 3 }}',
    {},
    { value: '1 %!d(MISSING) 1%!(EXTRA int=2) %!(NOVERB) %!z(int=3)' },
  ],
  [
    "{{ 1e6 }} {{ 1.5 }} {{ 100000.0 }} {{ 0x10 }} {{ 'a' }} {{ -3 }} {{ 1_000 }} {{ 0o17 }} {{ 0b101 }} {{ 1.0 }} {{ 0x1p4 }}",
    {},
    { value: '1e+06 1.5 100000 16 97 -3 1000 15 5 1 16' },
  ],
  ['{{ 99999999999999999999 }}', {}, { error: 'template: root:1: integer overflow: "99999999999999999999"' }],
  [
    '{{ 18446744073709551615 }}',
    {},
    {
      error:
        'template: root:1:3: executing "root" at <18446744073709551615>: 18446744073709551615 overflows int',
    },
  ],
  ['{{ 1e400 }}', {}, { error: 'template: root:1: illegal number syntax: "1e400"' }],
  ['{{ 08 }}', {}, { error: 'template: root:1: integer overflow: "08"' }],
  ['{{ 1abc }}', {}, { error: 'template: root:1: bad number syntax: "1a"' }],
  ['{{ true }} {{ false }}', {}, { value: 'true false' }],
  ['{{ nil }}', {}, { error: 'template: root:1:3: executing "root" at <nil>: nil is not a command' }],
  [
    '{{ upper nil }}',
    {},
    { error: 'template: root:1:9: executing "root" at <nil>: cannot assign nil to string' },
  ],
  [
    '{{ "a" "b" }}',
    {},
    { error: 'template: root:1:3: executing "root" at <"a">: can\'t give argument to non-function "a"' },
  ],
  [
    '{{ .Path "b" }}',
    { data: { Path: 'x' } },
    { error: 'template: root:1:3: executing "root" at <.Path>: Path is not a method but has arguments' },
  ],
  [
    '{{ "b" | .Path }}',
    { struct: true },
    {
      error:
        'template: root:1:9: executing "root" at <.Path>: Path has arguments but cannot be invoked as function',
    },
  ],
  ['{{ "a" | "b" }}', {}, { error: 'template: root:1: non executable command in pipeline stage 2' }],
  ['{{ "a".x }}', {}, { error: 'template: root:1: unexpected . after term "\\"a\\""' }],
  [
    '{{ (upper `a`).X }}',
    {},
    { error: 'template: root:1:10: executing "root" at <`a`>: can\'t evaluate field X in type string' },
  ],
  ['{{ ( upper `a` }}', {}, { error: 'template: root:1: unclosed left paren' }],
  ['{{ upper `a`) }}', {}, { error: 'template: root:1: unexpected ")" in command' }],
  ['{{ `unterminated }}', {}, { error: 'template: root:1: unterminated raw quoted string' }],
  ['{{ "unterminated }}', {}, { error: 'template: root:1: unterminated quoted string' }],
  ['{{ "bad \\q escape" }}', {}, { error: 'template: root:1: invalid syntax' }],
  ['{{ "esc \\t\\x41\\u00e9\\101" }}', {}, { value: 'esc \tAéA' }],
  ["{{ 'ab' }}", {}, { error: "template: root:1: malformed character constant: 'ab'" }],
  ["{{ '' }}", {}, { error: 'template: root:1: invalid syntax' }],
  ['{{ # }}', {}, { error: 'template: root:1: unexpected "#" in command' }],
  ['{{ a:b }}', {}, { error: 'template: root:1: function "a" not defined' }],
  ['{{ é }}', {}, { error: 'template: root:1: function "é" not defined' }],
  ['{{ upper `é` | printf `%q` }}', {}, { value: '"É"' }],
  ['line1\nline2 {{ foo }}', {}, { error: 'template: root:2: function "foo" not defined' }],
  [
    'line1\n{{ upper\n 1 }}',
    {},
    { error: 'template: root:3:1: executing "root" at <1>: expected string; found 1' },
  ],
  ['line1\n{{ timestamp\n\n', {}, { error: 'template: root:4: unclosed action started at root:2' }],
  ['{{ if 1 }}\n{{ range }}\n{{ end }}', {}, { error: 'template: root:2: missing value for range' }],
  [
    'é{{ .A.B }}',
    { data: { A: 'x' } },
    { error: 'template: root:1:7: executing "root" at <.A.B>: can\'t evaluate field B in type interface {}' },
  ],
  ['{{ $x, $y := 1 }}', {}, { error: 'template: root:1: too many declarations in command' }],
  ['{{ range $x, $y, $z := 1 }}{{end}}', {}, { error: 'template: root:1: too many declarations in range' }],
  [
    '{{ with $x := `v` }}{{ $x }}{{ end }}{{ $x }}',
    {},
    { error: 'template: root:1: undefined variable "$x"' },
  ],
  ['{{ -}}', {}, { error: 'template: root:1: missing value for command' }],
  ['{{- -}}', {}, { error: 'template: root:1: illegal number syntax: "-"' }],
  ['{{-1}}', {}, { value: '-1' }],
  ['{{ - }}', {}, { error: 'template: root:1: illegal number syntax: "-"' }],
  ['a {{- "x" -}}\n\n b', {}, { value: 'axb' }],
  ['{{ upper `a` -}}  {{- lower `B` }}', {}, { value: 'Ab' }],
  [
    '{{ timestamp | upper `x` }}',
    {},
    {
      error: 'template: root:1:15: executing "root" at <upper>: wrong number of args for upper: want 1 got 2',
    },
  ],
  [
    '{{ upper }}',
    {},
    {
      error: 'template: root:1:3: executing "root" at <upper>: wrong number of args for upper: want 1 got 0',
    },
  ],
  ['{{ isotime | upper }}', {}, { value: '2024-03-05T07:08:09Z' }],
  ['{{ `x` | isotime }}', {}, { value: 'x' }],
  ['{{ `2006` | isotime }}', {}, { value: '2024' }],
  ['{{ `a` | printf `%s-%s` `b` }}', {}, { value: 'b-a' }],
  [
    '{{ printf }}',
    {},
    {
      error:
        'template: root:1:3: executing "root" at <printf>: wrong number of args for printf: want at least 1 got 0',
    },
  ],
  ['{{ printf 1 }}', {}, { error: 'template: root:1:10: executing "root" at <1>: expected string; found 1' }],
  ['{{ eq . . }}', {}, { value: 'true' }],
  [
    '{{ eq . . }}',
    { data: {} },
    {
      error:
        'template: root:1:3: executing "root" at <eq . .>: error calling eq: non-comparable type map[]: map[string]interface {}',
    },
  ],
  ['{{ .Path | printf `%T` }}', { data: { Path: 'x' } }, { value: 'string' }],
  ['{{ ( ) }}', {}, { error: 'template: root:1: missing value for parenthesized pipeline' }],
  ['{{ | }}', {}, { error: 'template: root:1: unexpected "|" in command' }],
  [
    '{{ upper | }}',
    {},
    {
      error: 'template: root:1:3: executing "root" at <upper>: wrong number of args for upper: want 1 got 0',
    },
  ],
  ['{{ $x := 1 }}{{ $x := 2 }}{{ $x }}', {}, { value: '2' }],
  ['{{ if $x := 1 }}{{ $x }}{{ end }}{{ $x }}', {}, { error: 'template: root:1: undefined variable "$x"' }],
  [
    '{{ .Port | len }}',
    { data: { Port: 22 } },
    { error: 'template: root:1:11: executing "root" at <len>: error calling len: len of type int' },
  ],
  ['{{ 3 | printf `%d-%d` 1 }}', {}, { value: '1-3' }],
  ['{{ and 0 (foo) }}', {}, { error: 'template: root:1: function "foo" not defined' }],
  [
    '{{ index `abc` -1 }}',
    {},
    {
      error:
        'template: root:1:3: executing "root" at <index `abc` -1>: error calling index: index out of range: -1',
    },
  ],
  [
    '{{ index `abc` `x` }}',
    {},
    {
      error:
        'template: root:1:3: executing "root" at <index `abc` `x`>: error calling index: cannot index slice/array with type string',
    },
  ],
  [
    '{{ index . 1 }}',
    { data: {} },
    {
      error:
        'template: root:1:3: executing "root" at <index . 1>: error calling index: value has type int; should be string',
    },
  ],
  [
    '{{ slice `abc` 1 2 3 }}',
    {},
    {
      error:
        'template: root:1:3: executing "root" at <slice `abc` 1 2 3>: error calling slice: cannot 3-index slice a string',
    },
  ],
  [
    '{{ printf `%5t|%-6v|%+d|% d|%x|%X|%o|%O|%b|%c|%U|%08.3f|%e|%G` true 1 5 5 255 255 8 8 5 65 128512 3.14159 1234.5 0.0000001 }}',
    {},
    { value: ' true|1     |+5| 5|ff|FF|10|0o10|101|A|U+1F600|0003.142|1.234500e+03|1E-07' },
  ],
  [
    '{{ printf `%.2s|%.0d|%6.2e|%10.4v|` `abcdef` 0 12345.678 3.14159265 }}',
    {},
    { value: 'ab||1.23e+04|     3.142|' },
  ],
  ['{{ printf `%*d|%-*d|%.*f` 5 1 5 2 2 3.14159 }}', {}, { value: '    1|2    |3.14' }],
  ['{{ printf `%[2]d %[1]s` `a` 5 }}', {}, { value: '5 a' }],
  [
    '{{ printf `%v %s %d` . . . }}',
    { data: { a: '1' } },
    { value: 'map[a:1] map[a:1] map[%!d(string=a):%!d(string=1)]' },
  ],
  ["{{ printf `%q %v` 'x' 1e21 }}", {}, { value: "'x' 1e+21" }],
  ['{{}}', {}, { error: 'template: root:1: missing value for command' }],
  ['{{ }}', {}, { error: 'template: root:1: missing value for command' }],
  ['{{ "a" | 1 }}', {}, { error: 'template: root:1: non executable command in pipeline stage 2' }],
  ['{{ upper `a` | . }}', {}, { error: 'template: root:1: non executable command in pipeline stage 2' }],
  ['{{ 1.x }}', {}, { error: 'template: root:1: bad number syntax: "1.x"' }],
  [
    '{{ .A.B.C }}',
    { data: { A: 'x' } },
    {
      error: 'template: root:1:5: executing "root" at <.A.B.C>: can\'t evaluate field B in type interface {}',
    },
  ],
  [
    '{{ (.A).B }}',
    { data: { A: 'x' } },
    { error: 'template: root:1:4: executing "root" at <.A>: can\'t evaluate field B in type string' },
  ],
  ['{{ $x.A }}', {}, { error: 'template: root:1: undefined variable "$x"' }],
  ['{{ $x := . }}{{ $x.A }}', { data: { A: 'v' } }, { value: 'v' }],
  ['{{ (upper `a` }}', {}, { error: 'template: root:1: unclosed left paren' }],
  ['{{ upper `a`) }}', {}, { error: 'template: root:1: unexpected ")" in command' }],
  ['{{ upper `a` ) }}', {}, { error: 'template: root:1: unexpected ")" in command' }],
  ['{{ if }}{{ end }}', {}, { error: 'template: root:1: missing value for if' }],
  [
    '{{ if 1 }}{{ else }}{{ else }}{{ end }}',
    {},
    { error: 'template: root:1: expected end; found {{else}}' },
  ],
  ['{{ if 1 }}\n\n{{ else }}\n{{ if 2 }}', {}, { error: 'template: root:4: unexpected EOF' }],
  ['a\nb\n{{ if 1 }}\nc', {}, { error: 'template: root:4: unexpected EOF' }],
  ['{{ range }}', {}, { error: 'template: root:1: missing value for range' }],
  ['{{ with }}{{end}}', {}, { error: 'template: root:1: missing value for with' }],
  ['{{ end 1 }}', {}, { error: 'template: root:1: unexpected "1" in end' }],
  ['{{ else 1 }}', {}, { error: 'template: root:1: unexpected "1" in else' }],
  ['{{ if 1 }}{{ else if }}{{ end }}', {}, { error: 'template: root:1: missing value for if' }],
  ['{{ if 0 }}a{{ else if 0 }}b{{ else if 1 }}c{{ end }}', {}, { value: 'c' }],
  [
    '{{ range $x := 2 }}{{ $x }}{{ end }}{{ $x }}',
    {},
    { error: 'template: root:1: undefined variable "$x"' },
  ],
  ['{{ range $i, $e := . }}{{ $i }}{{ $e }}{{ end }}', { data: { k: 'v' } }, { value: 'kv' }],
  ['{{ range $i, := . }}{{end}}', {}, { error: 'template: root:1: range can only initialize variables' }],
  ['{{ range $i, 1 := . }}{{end}}', {}, { error: 'template: root:1: range can only initialize variables' }],
  ['{{ $a, $b := 1 }}', {}, { error: 'template: root:1: too many declarations in command' }],
  ['{{ $a := }}', {}, { error: 'template: root:1: missing value for command' }],
  [
    '{{ $a := 1 | upper }}',
    {},
    {
      error:
        'template: root:1:13: executing "root" at <upper>: wrong type for value; expected string; got int',
    },
  ],
  ['{{ := }}', {}, { error: 'template: root:1: unexpected ":=" in command' }],
  ['{{ = }}', {}, { error: 'template: root:1: unexpected "=" in command' }],
  ['{{ : }}', {}, { error: 'template: root:1: expected :=' }],
  ['{{ $x = 1 }}', {}, { error: 'template: root:1:8: executing "root" at <1>: undefined variable: $x' }],
  ['{{ $ := 1 }}{{ $ }}', {}, { value: '1' }],
  ['{{ upper\n`a` }}', {}, { value: 'A' }],
  [
    '{{\nupper\n1\n}}',
    {},
    { error: 'template: root:3:0: executing "root" at <1>: expected string; found 1' },
  ],
  [
    'x\n{{ upper\n1 }}',
    {},
    { error: 'template: root:3:0: executing "root" at <1>: expected string; found 1' },
  ],
  [
    'x\n{{ upper 1\n}}',
    {},
    { error: 'template: root:2:9: executing "root" at <1>: expected string; found 1' },
  ],
  [
    'x\n  {{ .A.B }}',
    { data: { A: 'q' } },
    { error: 'template: root:2:7: executing "root" at <.A.B>: can\'t evaluate field B in type interface {}' },
  ],
  [
    'x\n  {{ upper .A }}',
    { data: { A: 1 } },
    {
      error: 'template: root:2:11: executing "root" at <.A>: wrong type for value; expected string; got int',
    },
  ],
  [
    'x\n\t{{ build_name }}',
    {},
    {
      error:
        'template: root:2:4: executing "root" at <build_name>: error calling build_name: build_name not available',
    },
  ],
  [
    'ééé {{ build_name }}',
    {},
    {
      error:
        'template: root:1:10: executing "root" at <build_name>: error calling build_name: build_name not available',
    },
  ],
  ['{{ `multi\nline` | upper }}', {}, { value: 'MULTI\nLINE' }],
  ['{{ `a\r\nb` }}', {}, { value: 'a\nb' }],
  ['{{ "a\nb" }}', {}, { error: 'template: root:1: unterminated quoted string' }],
  ["{{ 'a\n' }}", {}, { error: 'template: root:1: unterminated character constant' }],
  ["{{ '\\n' }} {{ '\\x41' }} {{ '\\u00e9' }} {{ 'é' }}", {}, { value: '10 65 233 233' }],
  ["{{ '\\'' }} {{ \"\\'\" }}", {}, { error: 'template: root:1: invalid syntax' }],
  ['{{ "\\"" }}', {}, { value: '"' }],
  ['{{ "\\400" }}', {}, { error: 'template: root:1: invalid syntax' }],
  ['{{ "\\ud800" }}', {}, { error: 'template: root:1: invalid syntax' }],
  ['{{ "\\U0001F600" }}', {}, { value: '😀' }],
  ['{{ .a-b }}', {}, { error: "template: root:1: bad character U+002D '-'" }],
  ['{{ .a!b }}', {}, { error: "template: root:1: bad character U+0021 '!'" }],
  ['{{ $a!b }}', {}, { error: "template: root:1: bad character U+0021 '!'" }],
  ['{{ abc! }}', {}, { error: "template: root:1: bad character U+0021 '!'" }],
  ['{{ a.b }}', {}, { error: 'template: root:1: function "a" not defined' }],
  [
    '{{ upper.x }}',
    {},
    {
      error: 'template: root:1:3: executing "root" at <upper>: wrong number of args for upper: want 1 got 0',
    },
  ],
  ['{{ "x""y" }}', {}, { error: 'template: root:1: unexpected "\\"y\\"" in operand' }],
  ['{{ .  }}', {}, { value: '<no value>' }],
  ['{{.}}', { data: {} }, { value: 'map[]' }],
  [
    '{{ 1 2 }}',
    {},
    { error: 'template: root:1:3: executing "root" at <1>: can\'t give argument to non-function 1' },
  ],
  [
    '{{ .A }}{{ .B }}',
    { struct: true },
    {
      error:
        'template: root:1:3: executing "root" at <.A>: can\'t evaluate field A in type *main.ExecuteCommandTemplate',
    },
  ],
  ['{{ .Vars }}', { data: { Vars: 'A=1' }, struct: true }, { value: 'A=1' }],
  ['{{ . }}', { data: { Vars: 'A=1', Path: '/p', Port: 2 }, struct: true }, { value: '{A=1 /p 2}' }],
  [
    '{{ index . `Vars` }}',
    { struct: true },
    {
      error:
        'template: root:1:3: executing "root" at <index . `Vars`>: error calling index: can\'t index item of type main.ExecuteCommandTemplate',
    },
  ],
  [
    '{{ len . }}',
    { struct: true },
    {
      error:
        'template: root:1:3: executing "root" at <len .>: error calling len: len of type main.ExecuteCommandTemplate',
    },
  ],
  [
    '{{ range . }}{{ end }}',
    { struct: true },
    { error: 'template: root:1:9: executing "root" at <.>: range can\'t iterate over {  0}' },
  ],
  [
    '{{ range .Path }}{{ end }}',
    { struct: true },
    { error: 'template: root:1:9: executing "root" at <.Path>: range can\'t iterate over ' },
  ],
  ['{{ eq .Port 0 }}', { struct: true }, { value: 'true' }],
  ['{{ split .Path `/` .Port }}', { data: { Path: 'a/b', Port: 1 }, struct: true }, { value: 'b' }],
  ['{{ split .Path `/` .Port }}', { data: { Path: 'a/b', Port: 1 } }, { value: 'b' }],
  [
    '{{ split .Path `/` .Nope }}',
    { data: { Path: 'a/b' } },
    { error: 'template: root:1:19: executing "root" at <.Nope>: invalid value; expected int' },
  ],
  ['{{ .Port | split `a/b` `/` }}', { data: { Port: 1 } }, { value: 'b' }],
  ['{{ 1 | split `a/b` `/` }}', {}, { value: 'b' }],
  [
    '{{ `1` | split `a/b` `/` }}',
    {},
    {
      error: 'template: root:1:21: executing "root" at <`/`>: wrong type for value; expected int; got string',
    },
  ],
  ['{{ if .Port }}yes{{ end }}', { data: { Port: 0 } }, { value: '' }],
  ['{{ if .Path }}yes{{ else }}no{{ end }}', { data: { Path: '' } }, { value: 'no' }],
  ['{{ not .Nope }}', { data: {} }, { value: 'true' }],
  ['{{ and .Nope 1 }}', { data: {} }, { value: '<no value>' }],
  ['{{ or .Nope .Path }}', { data: { Path: 'p' } }, { value: 'p' }],
  [
    '{{ 1.5 | printf `%v` }} {{ 2.50 }} {{ 1e-7 }} {{ -0.0 }} {{ 123456789.0 }}',
    {},
    { value: '1.5 2.5 1e-07 -0 1.23456789e+08' },
  ],
  [
    '{{ printf `%d` 1.5 }} {{ printf `%f` 1 }} {{ printf `%s` true }}',
    {},
    { value: '%!d(float64=1.5) %!f(int=1) %!s(bool=true)' },
  ],
  ['{{ printf `%6.2f|%-8.3e|%+.1g` 3.14159 1234.5678 0.00012 }}', {}, { value: '  3.14|1.235e+03|+0.0001' }],
  ['{{ printf `%x` -255 }} {{ printf `%#x %#o %#b` 255 8 5 }}', {}, { value: '-ff 0xff 010 0b101' }],
  ['{{ printf `%s` nil }}', {}, { value: '%!s(<nil>)' }],
  ['{{ printf `%v` nil }}', {}, { value: '<nil>' }],
  ['{{ print nil 1 }}', {}, { value: '<nil> 1' }],
  ['{{ eq nil nil }}', {}, { value: 'true' }],
  ['{{ eq `a` nil }}', {}, { value: 'false' }],
  [
    '{{ len nil }}',
    {},
    {
      error:
        'template: root:1:3: executing "root" at <len nil>: error calling len: reflect: call of reflect.Value.Type on zero Value',
    },
  ],
  [
    '{{ index nil 1 }}',
    {},
    {
      error:
        'template: root:1:3: executing "root" at <index nil 1>: error calling index: index of untyped nil',
    },
  ],
  ['{{ not nil }}', {}, { value: 'true' }],
  [
    '{{ lt 1 1.5 }}',
    {},
    {
      error:
        'template: root:1:3: executing "root" at <lt 1 1.5>: error calling lt: incompatible types for comparison',
    },
  ],
  ['{{ lt `a` `b` }} {{ lt `b` `a` }}', {}, { value: 'true false' }],
  ['{{ eq (index `a` 0) 97 }}', {}, { value: 'true' }],
  ['{{ lt (index `a` 0) 98 }}', {}, { value: 'true' }],
  ['{{ index `abc` 0 | printf `%T` }}', {}, { value: 'uint8' }],
  [
    '{{ index `abc` 0 1 }}',
    {},
    {
      error:
        'template: root:1:3: executing "root" at <index `abc` 0 1>: error calling index: can\'t index item of type uint8',
    },
  ],
  [
    '{{ js `é \u0001` }} {{ js 1 2 }} {{ html 1 `a` }} {{ urlquery `é/~` }}',
    {},
    { value: 'é\\u2028\\u0001 1 2 1a %C3%A9%2F~' },
  ],
  ['{{ printf `%c|%q|%U` 233 233 233 }}', {}, { value: "é|'é'|U+00E9" }],
  ['{{ printf `%5s|%-5d|%05d|%x` `é` -3 -3 `é` }}', {}, { value: '    é|-3   |-0003|c3a9' }],
  ['{{ printf `%!` }}', {}, { value: '%!!(MISSING)' }],
  ['{{ printf `%[3]d` 1 }}', {}, { value: '%!d(BADINDEX)' }],
  ['{{ printf `%.*d` -1 5 }}', {}, { value: '%!(BADPREC)5' }],
  ['{{ printf `%*d` `x` 5 }}', {}, { value: '%!(BADWIDTH)5' }],
  ['{{ upper `ǆ ß ﬁ` }} {{ lower `İ Σ` }}', {}, { value: 'Ǆ ß ﬁ i σ' }],
  [
    '{{ isotime `Monday, 02-Jan-06 15:04:05 MST` }} {{ isotime `3:04PM` }} {{ isotime `2006-01-02T15:04:05Z07:00` }}',
    {},
    { value: 'Tuesday, 05-Mar-24 07:08:09 UTC 7:08AM 2024-03-05T07:08:09Z' },
  ],
  ['{{ timestamp }}{{ timestamp }}', {}, { value: '17096224891709622489' }],
  ['{{ user `a` }}{{ user `b` }}', { user: { a: '{{timestamp}}', b: '2' } }, { value: '{{timestamp}}2' }],
  ['{{- user `a` -}}', { user: { a: ' x ' } }, { value: ' x ' }],
  ['  {{- `x` }}  {{ `y` -}}  ', {}, { value: 'x  y' }],
  ['a{{- `x` }}', {}, { value: 'ax' }],
  ['a {{-`x` }}', {}, { error: 'template: root:1: illegal number syntax: "-"' }],
  ['a {{`x`-}} b', {}, { error: 'template: root:1: unexpected "-" in operand' }],
  ['a {{`x` -}}b', {}, { value: 'a xb' }],
  ['{{ 1 -}}{{ 2 }}', {}, { value: '12' }],
  ['{{ -1 -}} x', {}, { value: '-1x' }],
  ['{{ - 1 }}', {}, { error: 'template: root:1: illegal number syntax: "-"' }],
  ['{{/**/}}', {}, { value: '' }],
  ['{{/* a */}}{{/* b */ -}}  x', {}, { value: 'x' }],
  ['{{- /* a */}}', {}, { value: '' }],
  ['{{ /* a */ }}', {}, { error: 'template: root:1: unexpected "/" in command' }],
  ['{{/* a */ 1 }}', {}, { error: 'template: root:1: comment ends before closing delimiter' }],
  ['{{/* a\n*/}}b', {}, { value: 'b' }],
  ['{{ {{ }}', {}, { error: 'template: root:1: unexpected "{" in command' }],
  ['{{ } }}', {}, { error: 'template: root:1: unexpected "}" in command' }],
  ["{{ ' }}", {}, { error: 'template: root:1: unterminated character constant' }],
  ['{{ 0x }}', {}, { error: 'template: root:1: illegal number syntax: "0x"' }],
  ['{{ 0x1.8p1 }} {{ .5 }} {{ 5. }} {{ 1_0.5 }} {{ 0_7 }} {{ 07 }}', {}, { value: '3 0.5 5 10.5 7 7' }],
  ['{{ 1__0 }}', {}, { error: 'template: root:1: illegal number syntax: "1__0"' }],
  [
    '{{ 9223372036854775807 }} {{ -9223372036854775808 }}',
    {},
    { value: '9223372036854775807 -9223372036854775808' },
  ],
  [
    '{{ 9223372036854775808 }}',
    {},
    {
      error:
        'template: root:1:3: executing "root" at <9223372036854775808>: 9223372036854775808 overflows int',
    },
  ],
  [
    "{{ 1e3 | printf `%T` }} {{ 1000 | printf `%T` }} {{ 'a' | printf `%T` }} {{ 0x10 | printf `%T` }} {{ 1.0 | printf `%T` }}",
    {},
    { value: 'float64 int int int float64' },
  ],
  [
    '{{ split `a` `` 1.0 }}',
    {},
    {
      error:
        'template: root:1:3: executing "root" at <split `a` `` 1.0>: error calling split: the substring 1 was unavailable using the separator value, , only 1 values were found',
    },
  ],
  ['{{ split `a` `` 0x0 }}', {}, { value: 'a' }],
  [
    "{{ split `a` `` 'a' }}",
    {},
    {
      error:
        'template: root:1:3: executing "root" at <split `a` `` \'a\'>: error calling split: the substring 97 was unavailable using the separator value, , only 1 values were found',
    },
  ],
  [
    '{{ split `a` `` 1e0 }}',
    {},
    {
      error:
        'template: root:1:3: executing "root" at <split `a` `` 1e0>: error calling split: the substring 1 was unavailable using the separator value, , only 1 values were found',
    },
  ],
  [
    "{{ upper 'a' }}",
    {},
    { error: "template: root:1:9: executing \"root\" at <'a'>: expected string; found 'a'" },
  ],
  [
    '{{ upper true }}',
    {},
    { error: 'template: root:1:9: executing "root" at <true>: expected string; found true' },
  ],
  [
    '{{ upper (1) }}',
    {},
    { error: 'template: root:1:10: executing "root" at <1>: wrong type for value; expected string; got int' },
  ],
  [
    '{{ upper .A }}',
    { struct: true },
    {
      error:
        'template: root:1:9: executing "root" at <.A>: can\'t evaluate field A in type *main.ExecuteCommandTemplate',
    },
  ],
  [
    '{{ upper .Port }}',
    { struct: true },
    {
      error:
        'template: root:1:9: executing "root" at <.Port>: wrong type for value; expected string; got int',
    },
  ],
  [
    '{{ upper\n\n`x',
    {},
    { error: 'template: root:3: unterminated raw quoted string in action started at root:1' },
  ],
  [
    '{{ upper\n\n"x',
    {},
    { error: 'template: root:3: unterminated quoted string in action started at root:1' },
  ],
  [
    "{{\n\n 'x",
    {},
    { error: 'template: root:3: unterminated character constant in action started at root:1' },
  ],
  ['{{ timestamp\n\n', {}, { error: 'template: root:3: unclosed action started at root:1' }],
  [
    'a\n{{ (upper\n`x`\n}}',
    {},
    { error: 'template: root:4: unclosed left paren in action started at root:2' },
  ],
  ['{{ 1 |\n\n 2 }}', {}, { error: 'template: root:3: non executable command in pipeline stage 2' }],
  ['{{ $x :=\n 1 }}{{\n$y }}', {}, { error: 'template: root:3: undefined variable "$y"' }],
  [
    '{{ if\n 1 }}\n{{ else }}\n{{ else }}{{ end }}',
    {},
    { error: 'template: root:4: expected end; found {{else}}' },
  ],
  ['x{{ /*c*/ }}', {}, { error: 'template: root:1: unexpected "/" in command' }],
  ['{{/*c*/ -}} x', {}, { value: 'x' }],
  ['{{- /*c*/ -}}', {}, { value: '' }],
  [' \n {{- /*c*/}}x', {}, { value: 'x' }],
  ['{{ .A -}}\n\n{{- .B }}', { data: { A: 'a', B: 'b' } }, { value: 'ab' }],
  ['{{ 1 }}{{- 2 -}}{{ 3 }}', {}, { value: '123' }],
  ['{{ upper `a` }}{{- /* x */ -}}  {{ lower `B` }}', {}, { value: 'Ab' }],
  ['{{ "\\u00e9" | len }} {{ slice "héllo" 1 3 }}', {}, { value: '2 é' }],
  ['{{ printf "%08.3f|%-10s|%+v" 3.14159 "x" 5 }}', {}, { value: '0003.142|x         |5' }],
  ['{{ printf "%3c|%-4q|%#v|%#v" 65 "a" "s" 1.0 }}', {}, { value: '  A|"a" |"s"|1' }],
  [
    '{{ printf "%.3g|%10.2e|%g|%g" 1234.5678 0.000123 1e21 1e-5 }}',
    {},
    { value: '1.23e+03|  1.23e-04|1e+21|1e-05' },
  ],
  ['{{ printf "%s" 1.5 }}', {}, { value: '%!s(float64=1.5)' }],
  ['{{ printf "%d %s" . . }}', {}, { value: '%!d(<nil>) %!s(<nil>)' }],
  ['{{ .X | printf "%v" }}', { data: {} }, { value: '<nil>' }],
  ['{{ printf "%v|%d" .X .X }}', { data: {} }, { value: '<nil>|%!d(<nil>)' }],
  ['{{ html "<" ">" }}', {}, { value: '&lt;&gt;' }],
  ['{{ print "a" "b" 1 2 }}', {}, { value: 'ab1 2' }],
  ['{{ 0x1P-2 }} {{ 1E3 }} {{ 0X1F }} {{ 0B11 }} {{ 0O7 }}', {}, { value: '0.25 1000 31 3 7' }],
  ['{{ 00 }} {{ 0 }} {{ -0 }} {{ +1 }} {{ +1.5 }}', {}, { value: '0 0 0 1 1.5' }],
  ['{{ printf "%T %T" -0 +1 }}', {}, { value: 'int int' }],
];

describe('renderGoTemplate agrees with Go text/template', () => {
  test.each(GO_RESULTS)('%j %j', (text, row, expected) => {
    const r = renderGoTemplate(text, context(row));
    if ('value' in expected) expect(r).toEqual({ ok: true, value: expected.value });
    else expect(r).toEqual({ ok: false, message: expected.error });
  });
});
