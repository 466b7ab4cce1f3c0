import fc from 'fast-check';

import { bridgedComponentOf, bridgedSchema, encodeBridgedConfig, outputType } from '../../src/plugins/bridge';
import type { PluginComponent } from '../../src/plugins/discovery';
import { type CtyType, type HclSpec, type ObjectSpec, impliedType } from '../../src/plugins/hcl-spec';
import type { Diagnostic } from '../../src/hcl/diagnostics';
import { ComponentRegistry } from '../../src/schema/registry';
import { typeString } from '../../src/values/types';
import { decode } from '../support/component-decode';

/**
 * The configuration side of a bridged component: the plugin's spec becomes a schema Kiln's decoder
 * reads the user's HCL with (hcldec's diagnostics at their ranges), and the decoded values become
 * the cty JSON Packer sends to Prepare (every attribute present, null when absent, unknowns as
 * typed placeholders).
 */

const str: CtyType = { kind: 'primitive', name: 'string' };
const num: CtyType = { kind: 'primitive', name: 'number' };
const bool: CtyType = { kind: 'primitive', name: 'bool' };
const attr = (name: string, type: CtyType, required = false): HclSpec => ({
  kind: 'attr',
  name,
  type,
  required,
});

const SPEC: ObjectSpec = {
  kind: 'object',
  attributes: {
    image: attr('image', str),
    commit: attr('commit', bool),
    count: attr('count', num),
    names: attr('names', { kind: 'list', element: str }),
    tags: attr('tags', { kind: 'map', element: str }),
    greeting: attr('greeting', str, true),
    volume: {
      kind: 'blockList',
      name: 'volume',
      nested: { kind: 'object', attributes: { name: attr('name', str), size: attr('size', num) } },
    },
    settings: {
      kind: 'block',
      name: 'settings',
      required: false,
      nested: { kind: 'object', attributes: { mode: attr('mode', str) } },
    },
  },
};

const COMPONENT: PluginComponent = {
  kind: 'builder',
  type: 'fixture-thing',
  name: 'thing',
  binary: '/plugins/github.com/kiln-project/fixture/packer-plugin-fixture_v1.0.0_x5.0_linux_amd64',
  source: 'github.com/kiln-project/fixture',
  version: 'v1.0.0',
  description: {
    version: '1.0.0',
    sdkVersion: '0.6.2',
    apiVersion: 'x5.0',
    builders: ['thing'],
    provisioners: [],
    postProcessors: [],
    datasources: [],
    protocolVersion: 'v2',
  },
};

const schema = bridgedSchema({ component: COMPONENT, spec: SPEC });
const json = (bytes: Uint8Array): { value: Record<string, unknown>; type: unknown } =>
  JSON.parse(Buffer.from(bytes).toString('utf8')) as { value: Record<string, unknown>; type: unknown };
const at = (d: Diagnostic): string => `${d.subject?.start.line}:${d.subject?.start.column}`;

describe('a bridged component schema', () => {
  it('is registered like a native one and knows its plugin', () => {
    const registry = new ComponentRegistry();
    registry.register(schema);
    expect(registry.get('builder', 'fixture-thing')).toBe(schema);
    expect(bridgedComponentOf(schema)?.component.binary).toBe(COMPONENT.binary);
    expect(schema.plugin).toBe('github.com/kiln-project/fixture');
    expect(schema.communicator).toBeUndefined();
  });

  it('reports a misspelt option where it is written, with a suggestion, as hcldec does', () => {
    const d = decode(schema, 'greeting = "hi"\nimage = "x"\ncomitt = true\n');
    expect(d.diagnostics.map((x) => [x.summary, x.detail, at(x)])).toEqual([
      [
        'Unsupported argument',
        'An argument named "comitt" is not expected here. Did you mean "commit"?',
        '3:1',
      ],
    ]);
  });

  it('reports a required attribute of the spec missing, and type conversion errors at the value', () => {
    const d = decode(schema, 'image = "x"\ncount = "many"\nvolume {\n  size = "big"\n}\n');
    expect(d.diagnostics.map((x) => [x.summary, at(x)])).toEqual([
      ['Missing required argument', expect.any(String)],
      ['Incorrect attribute value type', '2:9'],
      ['Incorrect attribute value type', '4:10'],
    ]);
    expect(d.diagnostics[0].detail).toBe('The argument "greeting" is required, but no definition was found.');
  });

  it('reads blocks by the spec: a single block at most once, a block list any number of times', () => {
    const d = decode(schema, 'greeting = "hi"\nsettings {\n  mode = "a"\n}\nsettings {\n  mode = "b"\n}\n');
    expect(d.diagnostics.map((x) => [x.summary, at(x)])).toEqual([['Duplicate settings block', '5:1']]);
    const ok = decode(
      schema,
      'greeting = "hi"\nvolume {\n  name = "a"\n}\nvolume {\n  name = "b"\n  size = 2\n}\n',
    );
    expect(ok.diagnostics).toEqual([]);
    expect(json(encodeBridgedConfig(ok)).value.volume).toEqual([
      { name: 'a', size: null },
      { name: 'b', size: 2 },
    ]);
  });

  it('reports a required block of the spec missing, as hcldec does', () => {
    const required: ObjectSpec = {
      kind: 'object',
      attributes: {
        settings: { ...(SPEC.attributes.settings as Extract<HclSpec, { kind: 'block' }>), required: true },
      },
    };
    const d = decode(bridgedSchema({ component: COMPONENT, spec: required }), 'x = 1\n');
    expect(d.diagnostics.map((x) => [x.summary, x.detail])).toEqual([
      ['Unsupported argument', 'An argument named "x" is not expected here.'],
      ['Missing settings block', 'A block of type "settings" is required here.'],
    ]);
  });

  it('encodes every attribute of the implied type, null when absent, with the type beside it', () => {
    const d = decode(schema, 'greeting = "hi"\ncount = 3\nnames = ["a", var.plain]\ntags = { k = "v" }\n');
    expect(d.diagnostics).toEqual([]);
    const sent = json(encodeBridgedConfig(d));
    expect(sent.value).toEqual({
      commit: null,
      count: 3,
      greeting: 'hi',
      image: null,
      names: ['a', 'plain'],
      settings: null,
      tags: { k: 'v' },
      volume: [],
    });
    expect(sent.type).toEqual(JSON.parse(JSON.stringify(impliedType(SPEC))));
  });

  it('sends unknown values as typed placeholders and sensitive ones unmarked, as Packer does for Prepare', () => {
    const d = decode(
      schema,
      'greeting = var.later\nimage = var.secret\nnames = var.laterList\ntags = var.laterMap\n',
    );
    expect(d.diagnostics).toEqual([]);
    expect(json(encodeBridgedConfig(d)).value).toMatchObject({
      greeting: '<unknown>',
      image: 's3cret',
      names: [],
      tags: {},
    });
  });

  it('keeps big numbers exact', () => {
    const d = decode(schema, 'greeting = "x"\ncount = 12345678901234567890123\n');
    expect(Buffer.from(encodeBridgedConfig(d)).toString()).toContain('"count":12345678901234567890123');
  });

  it("types a data source's output from its OutputSpec", () => {
    expect(
      typeString(
        outputType({
          kind: 'object',
          attributes: { foo: attr('foo', str), n: attr('n', { kind: 'list', element: num }) },
        }),
      ),
    ).toBe('object({foo=string, n=list(number)})');
  });
});

describe('encoding decoded configs (property)', () => {
  // Random flat specs of primitive, list and map attributes, and random HCL setting some of them:
  // the value always has exactly the spec's attributes, each null or of the attribute's JSON shape.
  const ctyArb: fc.Arbitrary<CtyType> = fc.oneof(
    fc.constant(str),
    fc.constant(num),
    fc.constant(bool),
    fc.constantFrom(str, num, bool).map((e): CtyType => ({ kind: 'list', element: e })),
    fc.constantFrom(str, num, bool).map((e): CtyType => ({ kind: 'map', element: e })),
  );
  const literal = (t: CtyType, seed: number): string => {
    switch (t.kind) {
      case 'primitive':
        return t.name === 'string'
          ? `"s${seed}"`
          : t.name === 'number'
            ? String(seed)
            : seed % 2
              ? 'true'
              : 'false';
      case 'list':
        return `[${literal(t.element, seed)}, ${literal(t.element, seed + 1)}]`;
      case 'map':
        return `{ k = ${literal(t.element, seed)} }`;
    }
  };
  const shapeOk = (t: CtyType, v: unknown): boolean => {
    if (v === null) return true;
    switch (t.kind) {
      case 'primitive':
        return typeof v === (t.name === 'bool' ? 'boolean' : t.name);
      case 'list':
        return Array.isArray(v) && v.every((e) => shapeOk(t.element, e));
      case 'map':
        return (
          typeof v === 'object' &&
          !Array.isArray(v) &&
          Object.values(v as object).every((e) => shapeOk(t.element, e))
        );
    }
  };

  it('has every attribute of the spec, each of its type or null', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(
          fc.tuple(fc.stringMatching(/^[a-z][a-z_]{0,8}$/), ctyArb, fc.boolean(), fc.nat(1000)),
          {
            selector: (t) => t[0],
            minLength: 1,
            maxLength: 8,
          },
        ),
        (attrs) => {
          const spec: ObjectSpec = {
            kind: 'object',
            attributes: Object.fromEntries(attrs.map(([n, t]) => [n, attr(n, t)])),
          };
          const s = bridgedSchema({ component: COMPONENT, spec });
          const src = attrs
            .filter(([, , set]) => set)
            .map(([n, t, , seed]) => `${n} = ${literal(t, seed)}`)
            .join('\n');
          const d = decode(s, src + '\n');
          expect(d.diagnostics).toEqual([]);
          const sent = json(encodeBridgedConfig(d));
          expect(Object.keys(sent.value).sort()).toEqual(attrs.map(([n]) => n).sort());
          for (const [n, t, set] of attrs) {
            expect(shapeOk(t, sent.value[n])).toBe(true);
            expect(sent.value[n] === null).toBe(!set);
          }
        },
      ),
      { numRuns: 150 },
    );
  });
});
