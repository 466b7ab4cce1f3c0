import { checkGoTemplate, hasGoTemplate, renderGoTemplate } from '../../src/gotemplate';
import type { InterpolationContext } from '../../src/gotemplate';

const NOW = new Date('2024-03-05T07:08:09Z');

function render(text: string, ctx: InterpolationContext = {}): string {
  const r = renderGoTemplate(text, { now: NOW, ...ctx });
  if (!r.ok) throw new Error(r.message);
  return r.value;
}

function failure(text: string, ctx: InterpolationContext = {}): string {
  const r = renderGoTemplate(text, { now: NOW, ...ctx });
  if (r.ok) throw new Error(`rendered ${JSON.stringify(r.value)}`);
  return r.message;
}

describe('hasGoTemplate', () => {
  it('looks for an opening delimiter only', () => {
    expect(hasGoTemplate('ami-{{timestamp}}')).toBe(true);
    expect(hasGoTemplate('{{')).toBe(true);
    expect(hasGoTemplate('${var.x} }} {')).toBe(false);
  });
});

describe('checkGoTemplate', () => {
  it('accepts valid syntax and returns the text', () => {
    expect(checkGoTemplate('a {{ .Path }} {{ upper (user `x`) }}')).toEqual({
      ok: true,
      value: 'a {{ .Path }} {{ upper (user `x`) }}',
    });
    expect(checkGoTemplate('no actions')).toEqual({ ok: true, value: 'no actions' });
  });
  it("reports syntax errors with Go's wording", () => {
    expect(checkGoTemplate('{{ "a" }')).toEqual({
      ok: false,
      message: 'template: root:1: unexpected "}" in operand',
    });
    expect(checkGoTemplate('x\n{{ if 1 }}')).toEqual({
      ok: false,
      message: 'template: root:2: unexpected EOF',
    });
    expect(checkGoTemplate('{{ timestamp')).toEqual({
      ok: false,
      message: 'template: root:1: unclosed action',
    });
  });
  it('leaves function names to rendering, where the component functions are known', () => {
    expect(checkGoTemplate('{{ clean_resource_name `a` }}').ok).toBe(true);
  });
});

describe('renderGoTemplate', () => {
  it('renders text without actions as it is', () => {
    expect(render('plain ${var.x} }} text')).toBe('plain ${var.x} }} text');
  });

  it('trims white space next to - markers, across lines', () => {
    expect(render('a \n\t {{- "x" -}} \n b')).toBe('axb');
    expect(render('a {{- "x" }} b')).toBe('ax b');
    expect(render('a {{ "x" -}} b')).toBe('a xb');
    // "-" must be followed by a space to be a marker: {{-1}} is the number -1.
    expect(render('a {{-1}} b')).toBe('a -1 b');
  });

  it('drops comments, with their trim markers', () => {
    expect(render('a {{/* note */}} b')).toBe('a  b');
    expect(render('a {{- /* note */ -}} b')).toBe('ab');
    expect(failure('{{/* open')).toBe('template: root:1: unclosed comment');
  });

  it('reads raw and quoted strings with Go escapes', () => {
    expect(render('{{ `raw \\n {{ }}` }}')).toBe('raw \\n {{ }}');
    expect(render('{{ "tab\\there \\u00e9 \\x41 \\101 \\"q\\"" }}')).toBe('tab\there é A A "q"');
    expect(render('{{ `a\r\nb` }}')).toBe('a\nb');
    expect(failure('{{ "bad \\q" }}')).toBe('template: root:1: invalid syntax');
  });

  it('evaluates pipelines and parenthesised calls', () => {
    const ctx = { userVariables: new Map([['name', 'Web App']]) };
    expect(render('{{ user `name` | lower | replace_all " " "-" }}', ctx)).toBe('web-app');
    expect(render('{{ upper (replace_all " " "_" (user `name`)) }}', ctx)).toBe('WEB_APP');
    expect(render('{{ printf "%s-%d" (user `name`) 3 }}', ctx)).toBe('Web App-3');
  });

  it('prints data fields; a missing one prints "<no value>" as with Packer\'s generated-data map', () => {
    expect(render('{{.Vars}} {{.Path}}', { data: { Vars: 'A=1', Path: '/tmp/s.sh' } })).toBe('A=1 /tmp/s.sh');
    expect(render('{{ .Port }} {{ .Ok }} {{ .Ratio }}', { data: { Port: 22, Ok: true, Ratio: 0.5 } })).toBe(
      '22 true 0.5',
    );
    expect(render('[{{ .Missing }}]', { data: {} })).toBe('[<no value>]');
    // Packer 1.6.6 console (no data): {{.Foo}} => <no value>
    expect(render('{{ .Foo }}')).toBe('<no value>');
  });

  it('names the Go type when data is a struct', () => {
    expect(failure('{{ .Nope }}', { data: { Path: 'p' }, dataType: '*docker.runCommandTemplate' })).toBe(
      'template: root:1:3: executing "root" at <.Nope>: can\'t evaluate field Nope in type *docker.runCommandTemplate',
    );
  });

  it('supports if/else if/else, with and variables', () => {
    const t = '{{ if .A }}a{{ else if .B }}b={{ .B }}{{ else }}none{{ end }}';
    expect(render(t, { data: { A: 'x' } })).toBe('a');
    expect(render(t, { data: { B: 'y' } })).toBe('b=y');
    expect(render(t, { data: {} })).toBe('none');
    expect(render('{{ with $p := .Path }}{{ $p }}!{{ end }}', { data: { Path: '/p' } })).toBe('/p!');
    expect(render('{{ $n := upper "x" }}{{ $n }}{{ $n = "y" }}{{ $n }}')).toBe('Xy');
    expect(render('{{ if and .A (not .B) }}yes{{ end }}', { data: { A: 1, B: 0 } })).toBe('yes');
  });

  it('follows current Go where Packer 1.6.6 (Go 1.15) differed', () => {
    // Go 1.22 ranges over integers; Packer 1.6.6: range can't iterate over 3.
    expect(render('{{ range $i := 3 }}{{ $i }}{{ end }}')).toBe('012');
    expect(
      render(
        '{{ range 5 }}{{ if eq . 3 }}{{ break }}{{ end }}{{ if eq . 1 }}{{ continue }}{{ end }}{{ . }}{{ end }}',
      ),
    ).toBe('02');
    expect(failure('{{ range $i, $e := 3 }}{{ end }}')).toBe(
      'template: root:1:19: executing "root" at <3>: can\'t use 3 to iterate over more than one variable',
    );
    // Go 1.23 chains {{else with}}.
    expect(render('{{ with .A }}a{{ else with .B }}b={{ . }}{{ end }}', { data: { B: 'v' } })).toBe('b=v');
  });

  it('refuses named templates and complex numbers, which Packer options never use', () => {
    expect(failure('{{ define "x" }}y{{ end }}')).toMatch(
      /^template: root:1: \{\{define\}\} is not supported/,
    );
    expect(failure('{{ template "x" }}')).toMatch(/^template: root:1: \{\{template\}\} is not supported/);
    expect(failure('{{ block "x" . }}y{{ end }}')).toMatch(
      /^template: root:1: \{\{block\}\} is not supported/,
    );
    expect(failure('{{ 1i }}')).toMatch(/^template: root:1: complex number 1i is not supported/);
  });

  it('decodes byte escapes as UTF-8, where Go keeps raw bytes', () => {
    expect(render('{{ "\\xc3\\xa9" }}')).toBe('é');
    // Go: 1 (one byte). JavaScript strings hold text, so the invalid byte becomes U+FFFD.
    expect(render('{{ "\\xff" | len }}')).toBe('3');
  });

  it('bounds range loops', () => {
    expect(failure('{{ range 100000000000 }}{{ end }}')).toMatch(
      /range exceeded Kiln's limit of 1000000 iterations$/,
    );
  });

  it('counts lines and byte columns as Go does', () => {
    expect(failure('line 1\nline 2 {{ nope }}')).toBe('template: root:2: function "nope" not defined');
    expect(failure('é\n  ééé {{ build_name }}')).toBe(
      'template: root:2:12: executing "root" at <build_name>: error calling build_name: build_name not available',
    );
    expect(failure('{{ if 1 }}\n\n{{ end }}{{ end }}')).toBe('template: root:3: unexpected {{end}}');
  });

  it('reports an undefined function before a later syntax error, as Go parses in order', () => {
    expect(failure('{{ nope }}{{ "a" }')).toBe('template: root:1: function "nope" not defined');
    expect(failure('{{ "a" }{{ nope }}')).toBe('template: root:1: unexpected "}" in operand');
  });

  it('hides sensitive values in messages', () => {
    expect(failure('{{ split "hunter2" "," 3 }}', { sensitive: ['hunter2'] })).toBe(
      'template: root:1:3: executing "root" at <split "<sensitive>" "," 3>: error calling split: the substring 3 was unavailable using the separator value, ,, only 1 values were found',
    );
  });

  it('gives the same answer for a cached text under another context', () => {
    const t = '{{ build_name }}-{{ .X }}';
    expect(render(t, { buildName: 'a', data: { X: '1' } })).toBe('a-1');
    expect(render(t, { buildName: 'b', data: { X: '2' } })).toBe('b-2');
    expect(failure(t)).toMatch(/build_name not available$/);
  });

  it('never lets a component function shadow checks: its errors are Go call errors', () => {
    const functions = new Map([
      [
        'boom',
        {
          params: [] as const,
          impl: (): string => {
            throw new Error('kaput');
          },
        },
      ],
    ]);
    expect(failure('{{ boom }}', { functions })).toBe(
      'template: root:1:3: executing "root" at <boom>: error calling boom: kaput',
    );
  });
});
