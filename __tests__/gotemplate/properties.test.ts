import fc from 'fast-check';
import { checkGoTemplate, renderGoTemplate } from '../../src/gotemplate';
import type { InterpolationContext } from '../../src/gotemplate';

const NOW = new Date('2024-03-05T07:08:09Z');

const FULL: InterpolationContext = {
  now: NOW,
  data: { Path: '/tmp/script.sh', Vars: "A='1' B=2", ID: 'i-0abc', Port: 22 },
  buildName: 'docker.base',
  buildType: 'docker',
  templateDir: '/templates',
  userVariables: new Map([
    ['region', 'eu-west-1'],
    ['name', 'Web-App'],
  ]),
  uuid: () => 'fixed-uuid',
};

/** Fragments of the template language, valid and broken, to build texts from. */
const FRAGMENTS = [
  '{{ .Path }}',
  '{{.Vars}}',
  '{{- .ID -}}',
  '{{ .Port }}',
  '{{ timestamp }}',
  '{{ build_name }}',
  '{{ build_type | upper }}',
  '{{ user `region` }}',
  '{{ user "name" | lower }}',
  '{{ template_dir }}',
  '{{ uuid }}',
  '{{ if .Path }}has{{ else }}none{{ end }}',
  '{{ with .ID }}<{{ . }}>{{ end }}',
  '{{ range $i := 2 }}{{ $i }}{{ end }}',
  '{{ printf "%s:%d" .ID .Port }}',
  '{{ build `ID` }}',
  '{{/* note */}}',
  '{{ split "a,b" "," 1 }}',
  '{{ isotime "2006" }}',
  '{{',
  '}}',
  '{{ "open }}',
  '{{ end }}',
  '{{ nope }}',
  '{{ (upper }}',
  '{{ $x }}',
  '{{-',
  '-}}',
  '`',
  '"',
  '(',
  '.',
];

/** Plain text: no braces, so that joining pieces cannot create delimiters by accident. */
const text = fc.string({ maxLength: 8 }).filter((s) => !s.includes('{') && !s.includes('}'));
const templateText = fc
  .array(fc.oneof(text, fc.constantFrom(...FRAGMENTS)), { maxLength: 8 })
  .map((p) => p.join(''));

describe('properties', () => {
  it('text without {{ renders to itself, whatever the context', () => {
    fc.assert(
      fc.property(
        fc.string().filter((s) => !s.includes('{{')),
        fc.boolean(),
        (s, keepUnresolved) => {
          expect(renderGoTemplate(s, { keepUnresolved })).toEqual({ ok: true, value: s });
          expect(renderGoTemplate(s, FULL)).toEqual({ ok: true, value: s });
          expect(checkGoTemplate(s)).toEqual({ ok: true, value: s });
        },
      ),
    );
  });

  it('never throws: every input gives a value or a Go-style message', () => {
    const anyText = fc.oneof(fc.string(), fc.string({ unit: 'grapheme' }), templateText);
    fc.assert(
      fc.property(anyText, fc.boolean(), (s, keepUnresolved) => {
        for (const ctx of [{ keepUnresolved }, { ...FULL, keepUnresolved }]) {
          const r = renderGoTemplate(s, ctx);
          if (!r.ok) expect(r.message).toMatch(/^template: root:/);
        }
        const c = checkGoTemplate(s);
        if (!c.ok) expect(c.message).toMatch(/^template: root:\d+: /);
      }),
      { numRuns: 500 },
    );
  });

  it('syntax accepted by checkGoTemplate is never reported as a syntax error by rendering', () => {
    fc.assert(
      fc.property(templateText, (s) => {
        const c = checkGoTemplate(s);
        const r = renderGoTemplate(s, FULL);
        if (!c.ok) expect(r).toEqual({ ok: false, message: expect.stringMatching(/^template: root:\d+: /) });
      }),
      { numRuns: 300 },
    );
  });

  it('rendering at validate time and again at build time equals one render at build time', () => {
    const partial: InterpolationContext = {
      now: NOW,
      uuid: FULL.uuid,
      userVariables: FULL.userVariables,
      keepUnresolved: true,
    };
    fc.assert(
      fc.property(templateText, (s) => {
        const first = renderGoTemplate(s, partial);
        const once = renderGoTemplate(s, FULL);
        if (!first.ok || !once.ok) return;
        expect(renderGoTemplate(first.value, FULL)).toEqual(once);
      }),
      { numRuns: 500 },
    );
  });
});
