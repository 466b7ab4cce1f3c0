import { AMAZON_TEMPLATE_FUNCTIONS } from '../../src/components/amazon/template-functions';
import { renderGoTemplate } from '../../src/gotemplate';
import type { InterpolationContext } from '../../src/gotemplate';

/**
 * Validate-time rendering: what the context can answer is rendered, actions that need what only
 * the build will know are kept as written, and rendering the result later with the full context
 * gives what one full render gives.
 */

const NOW = new Date('2024-03-05T07:08:09Z');

function keep(text: string, ctx: InterpolationContext = {}): string {
  const r = renderGoTemplate(text, { now: NOW, keepUnresolved: true, ...ctx });
  if (!r.ok) throw new Error(r.message);
  return r.value;
}

describe('keepUnresolved', () => {
  it('keeps fields the data lacks, and all fields without data', () => {
    expect(keep('chmod +x {{.Path}}; {{ .Vars }} {{.Path}}')).toBe(
      'chmod +x {{.Path}}; {{ .Vars }} {{.Path}}',
    );
    expect(keep('{{ .Path }}|{{ .Vars }}', { data: { Path: '/p' } })).toBe('/p|{{ .Vars }}');
    expect(keep('{{ . }}|{{ $ }}|{{ upper . }}')).toBe('{{ . }}|{{ $ }}|{{ upper . }}');
    expect(keep('{{ .A.B }}')).toBe('{{ .A.B }}');
    expect(keep('{{ .Nope }}', { data: { A: 'x' }, dataType: '*x.T' })).toBe('{{ .Nope }}');
  });

  it('renders what the context has', () => {
    expect(keep('ami-{{timestamp}}-{{ .SourceAMI }}')).toBe('ami-1709622489-{{ .SourceAMI }}');
    expect(keep('{{ user `r` | upper }}-{{ build_name }}', { userVariables: new Map([['r', 'eu']]) })).toBe(
      'EU-{{ build_name }}',
    );
    expect(keep('{{ build_name }}', { buildName: 'docker.x' })).toBe('docker.x');
  });

  it('keeps functions whose inputs are not known yet', () => {
    for (const t of [
      '{{ build_name }}',
      '{{ build_type }}',
      '{{ template_dir }}',
      '{{ user `x` }}',
      '{{ build `ID` }}',
      '{{ upper (build `ID`) }}',
    ])
      expect(keep(t)).toBe(t);
    expect(keep('{{ build `ID` }}', { data: { Other: 'x' } })).toBe('{{ build `ID` }}');
    // While variables are rendered, an unset variable waits for a later round.
    expect(keep('{{ user `later` }}', { userVariables: new Map(), env: {} })).toBe('{{ user `later` }}');
  });

  it('keeps functions the context does not define (component functions)', () => {
    expect(keep('{{ clean_resource_name (user `n`) }}', { userVariables: new Map([['n', 'a b']]) })).toBe(
      '{{ clean_resource_name (user `n`) }}',
    );
    expect(
      keep('{{ clean_resource_name (user `n`) }}', {
        userVariables: new Map([['n', 'a:b']]),
        functions: AMAZON_TEMPLATE_FUNCTIONS,
      }),
    ).toBe('a-b');
  });

  it('keeps whole control structures and the variables they depend on', () => {
    expect(keep('{{ if .Sudo }}sudo {{ end }}{{ .Path }}')).toBe('{{ if .Sudo }}sudo {{ end }}{{ .Path }}');
    expect(keep('{{ $p := .Path }}x{{ $p }}')).toBe('{{ $p := .Path }}x{{ $p }}');
    expect(keep('{{ $t := timestamp }}{{ $t }}')).toBe('1709622489');
  });

  it('keeps trim markers, so a later render trims the same way', () => {
    const kept = keep('a  {{- .Path -}}  b {{- timestamp }}');
    expect(kept).toBe('a{{- .Path -}}b1709622489');
    const later = renderGoTemplate(kept, { data: { Path: '/p' } });
    expect(later).toEqual({ ok: true, value: 'a/pb1709622489' });
  });

  it('still reports errors that no context would cure', () => {
    const fail = (t: string, ctx: InterpolationContext = {}): string => {
      const r = renderGoTemplate(t, { keepUnresolved: true, ...ctx });
      return r.ok ? `rendered ${r.value}` : r.message;
    };
    expect(fail('{{ "a" }')).toBe('template: root:1: unexpected "}" in operand');
    expect(fail('{{ upper 1 }}')).toBe(
      'template: root:1:9: executing "root" at <1>: expected string; found 1',
    );
    expect(fail('{{ env `HOME` }}')).toMatch(/env vars are not allowed here$/);
  });

  it('agrees with one full render when the rest of the context arrives', () => {
    const full: InterpolationContext = {
      now: NOW,
      data: { Path: '/tmp/script.sh', Vars: 'A=1', ID: 'i-1' },
      buildName: 'amazon-ebs.base',
      userVariables: new Map([['region', 'eu-west-1']]),
      templateDir: '/t',
    };
    const partial: InterpolationContext = {
      now: NOW,
      userVariables: full.userVariables,
      keepUnresolved: true,
    };
    for (const t of [
      '{{ .Vars }} sudo -E {{ .Path }}',
      'ami-{{ user `region` }}-{{ timestamp }}-{{ build_name | lower }}',
      '{{ if .ID }}{{ build `ID` }}{{ else }}none{{ end }} in {{ template_dir }}',
      '{{- .Path -}}\n{{ $v := .Vars }}[{{ $v }}]',
    ]) {
      const first = renderGoTemplate(t, partial);
      expect(first.ok).toBe(true);
      const second = renderGoTemplate((first as { value: string }).value, full);
      expect(second).toEqual(renderGoTemplate(t, full));
    }
  });
});
