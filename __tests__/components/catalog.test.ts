import { BUILTIN_COMPONENTS, builtinRegistry } from '../../src/components/catalog';
import { builtinDataSources } from '../../src/components/catalog';
import { builtinRuntimes } from '../../src/components/runtime-catalog';
import { SHARED_SWEEPERS, builtinRunFinders, builtinSweepers } from '../../src/components/sweepers';
import { renderGoTemplate } from '../../src/gotemplate';
import { catalogProblems, runtimeRegistryOf } from '../../src/sdk/catalog';
import {
  type ComponentDeclaration,
  defineBuilder,
  defineDataSource,
  defineProvisioner,
} from '../../src/sdk/define';
import { runFindersOf, sweepersOf } from '../../src/sdk/ledger-kinds';
import type { ComponentSchema } from '../../src/schema/types';
import type { BuilderRuntime } from '../../src/engine/types';
import { StringType } from '../../src/values/types';
import { Value } from '../../src/values/value';

const schema = (kind: ComponentSchema['kind'], type: string): ComponentSchema => ({
  kind,
  type,
  plugin: 'builtin',
  doc: 'A test component.',
  fields: [],
  ...(kind === 'datasource' ? { output: StringType } : {}),
});

const runtime = (type: string): BuilderRuntime => ({ type, run: () => Promise.resolve(undefined) });

describe('the catalog: every component either runs or says why it cannot', () => {
  test('holds for every built-in component', () => {
    expect(BUILTIN_COMPONENTS.length).toBeGreaterThan(20);
    expect(catalogProblems(BUILTIN_COMPONENTS)).toEqual([]);
  });

  test('fails a component with neither a runtime nor a mark, and one with both', () => {
    const bad: ComponentDeclaration[] = [
      { kind: 'builder', schema: schema('builder', 'neither') },
      { kind: 'builder', schema: schema('builder', 'both'), runtime: runtime('both'), cannotRun: 'No.' },
      { kind: 'datasource', schema: schema('datasource', 'lost') },
      defineBuilder({ schema: schema('builder', 'fine'), runtime: runtime('fine') }),
    ];
    expect(catalogProblems(bad)).toEqual([
      'builder neither has neither a runtime nor a cannotRun mark',
      'builder both has a runtime and a cannotRun mark',
      'datasource lost has neither a runtime nor a cannotRun mark',
    ]);
    // The runtime registry refuses the one with both outright.
    expect(() => runtimeRegistryOf(bad)).toThrow('builder both is registered twice');
  });

  test('the components Kiln only validates, with their marks', () => {
    const marked = BUILTIN_COMPONENTS.filter((d) => d.cannotRun !== undefined).map(
      (d) => `${d.kind} ${d.schema.type}: ${d.cannotRun}`,
    );
    expect(marked).toEqual([
      'builder amazon-ebs: Kiln cannot run the amazon-ebs builder yet.',
      'provisioner ansible: Kiln cannot run the ansible provisioner yet.',
      'provisioner ansible-local: Kiln cannot run the ansible-local provisioner yet.',
    ]);
    const runtimes = builtinRuntimes();
    expect(runtimes.cannotRun('builder', 'amazon-ebs')).toBe('Kiln cannot run the amazon-ebs builder yet.');
    expect(runtimes.builder('amazon-ebs')).toBeUndefined();
    expect(runtimes.builder('docker')?.type).toBe('docker');
    expect(runtimes.cannotRun('builder', 'docker')).toBeUndefined();
  });
});

describe('derived from the declarations', () => {
  test('the registry has every schema once, and the data sources that run', () => {
    expect(builtinRegistry().all()).toHaveLength(BUILTIN_COMPONENTS.length);
    expect(builtinDataSources().map((d) => d.schema.type)).toEqual(['null', 'http']);
  });

  test("generated data and template functions ride the builder's schema", () => {
    const registry = builtinRegistry();
    expect(registry.get('builder', 'docker')?.generatedData).toEqual(['ImageSha256', 'SourceImageDigest']);
    expect(registry.get('builder', 'amazon-ebs')?.generatedData).toContain('SourceAMI');
    expect(registry.get('builder', 'null')?.generatedData).toBeUndefined();
    const functions = registry.get('builder', 'amazon-ebs')?.templateFunctions;
    expect(renderGoTemplate('{{clean_resource_name "a:b"}}', { functions })).toEqual({
      ok: true,
      value: 'a-b',
    });
    expect(registry.get('builder', 'docker')?.templateFunctions).toBeUndefined();
  });

  test('the sweepers the post step loads are exactly the ones the declarations carry', () => {
    const declared = sweepersOf([{ sweepers: SHARED_SWEEPERS }, ...BUILTIN_COMPONENTS]);
    expect([...builtinSweepers()].sort()).toEqual([...declared].sort());
    expect([...builtinSweepers().keys()].sort()).toEqual([
      'docker-container',
      'docker-image',
      'ssh-debug-key',
      'temp-path',
    ]);
    expect(builtinRunFinders()).toEqual(runFindersOf(BUILTIN_COMPONENTS));
  });

  test('a ledger kind claimed twice is an error', () => {
    const sweep = () => Promise.resolve('gone' as const);
    expect(() => sweepersOf([{ sweepers: { a: sweep } }, { sweepers: { b: sweep, a: sweep } }])).toThrow(
      'ledger kind a has two sweepers',
    );
  });
});

describe('define*', () => {
  test('puts generated data and template functions on the schema', () => {
    const functions = new Map([['f', { params: [], impl: () => 'x' }]]);
    const d = defineBuilder({
      schema: schema('builder', 'b'),
      runtime: runtime('b'),
      generatedData: ['Thing'],
      templateFunctions: functions,
    });
    expect(d.kind).toBe('builder');
    expect(d.schema.generatedData).toEqual(['Thing']);
    expect(d.schema.templateFunctions).toBe(functions);
  });

  test('refuses what the types cannot catch', () => {
    expect(() => defineBuilder({ schema: schema('builder', 'b'), runtime: runtime('c') })).toThrow(
      'builder b: its runtime runs c',
    );
    expect(() => defineProvisioner({ schema: schema('builder', 'b'), cannotRun: 'No.' })).toThrow(
      'provisioner b: its schema declares a builder',
    );
    expect(() => defineBuilder({ schema: schema('builder', 'b'), cannotRun: ' ' })).toThrow(
      'builder b: cannotRun must say why',
    );
    const ds = schema('datasource', 'd');
    expect(() =>
      defineDataSource({
        schema: ds,
        runtime: { schema: { ...ds }, execute: () => Promise.resolve(Value.string('')) },
      }),
    ).toThrow('datasource d: its runtime executes another schema');
  });
});
