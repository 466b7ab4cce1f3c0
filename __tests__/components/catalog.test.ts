import * as fs from 'fs';
import * as path from 'path';

import { findAwsRun } from '../../src/components/amazon';
import { loadBuiltinLedgerKinds } from '../../src/cli/template-commands-loader';
import {
  BUILTIN_COMPONENTS,
  builtinDataSources,
  builtinLedgerKinds,
  builtinRegistry,
} from '../../src/components/catalog';
import { builtinRuntimes } from '../../src/components/runtime-catalog';
import { findRunContainers } from '../../src/components/docker/sweep';
import { renderGoTemplate } from '../../src/gotemplate';
import { catalogProblems, runtimeRegistryOf } from '../../src/sdk/catalog';
import {
  type ComponentDeclaration,
  defineBuilder,
  defineDataSource,
  defineProvisioner,
} from '../../src/sdk/define';
import { sweepersOf } from '../../src/sdk/ledger-kinds';
import type { ComponentSchema } from '../../src/schema/types';
import type { BuilderRuntime } from '../../src/engine/types';
import { StringType } from '../../src/values/types';
import { Value } from '../../src/values/value';
import { tempDir } from '../support/temp';

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
      'provisioner ansible: Kiln cannot run the ansible provisioner yet.',
      'provisioner ansible-local: Kiln cannot run the ansible-local provisioner yet.',
    ]);
    const runtimes = builtinRuntimes();
    expect(runtimes.cannotRun('provisioner', 'ansible')).toBe('Kiln cannot run the ansible provisioner yet.');
    expect(runtimes.provisioner('ansible')).toBeUndefined();
    expect(runtimes.builder('amazon-ebs')?.type).toBe('amazon-ebs');
    expect(runtimes.builder('docker')?.type).toBe('docker');
    expect(runtimes.cannotRun('builder', 'docker')).toBeUndefined();
  });
});

describe('derived from the declarations', () => {
  test('the registry has every schema once, and the data sources that run', () => {
    expect(builtinRegistry().all()).toHaveLength(BUILTIN_COMPONENTS.length);
    expect(builtinDataSources().map((d) => d.schema.type)).toEqual([
      'null',
      'http',
      'amazon-ami',
      'amazon-parameterstore',
      'amazon-secretsmanager',
    ]);
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

  test('the sweepers: the shared kinds and the ones the declarations carry', () => {
    const { sweepers, runFinders } = builtinLedgerKinds();
    expect([...sweepers.keys()].sort()).toEqual([
      'aws-ami',
      'aws-ami-request',
      'aws-iam-role',
      'aws-instance',
      'aws-instance-profile',
      'aws-key-pair',
      'aws-launch-template',
      'aws-security-group',
      'aws-snapshot',
      'docker-container',
      'docker-image',
      'ssh-debug-key',
      'temp-path',
    ]);
    expect(runFinders).toEqual([findRunContainers, findAwsRun]);
    // What `kiln sweep` and the post step load: the same table, from the template bundle's entry.
    expect([...loadBuiltinLedgerKinds().sweepers]).toEqual([...sweepers]);
  });

  test('every ledger kind Kiln code records has a sweeper', () => {
    const recorded = recordedLedgerKinds(path.resolve(__dirname, '../../src'));
    // The scan finds the records it must (a scan that found nothing would prove nothing).
    expect([...recorded.keys()].sort()).toEqual([
      'aws-ami',
      'aws-ami-request',
      'aws-iam-role',
      'aws-instance',
      'aws-instance-profile',
      'aws-key-pair',
      'aws-launch-template',
      'aws-security-group',
      'aws-snapshot',
      'docker-container',
      'docker-image',
      'ssh-debug-key',
    ]);
    const { sweepers } = builtinLedgerKinds();
    const unswept = [...recorded].filter(([kind]) => !sweepers.has(kind)).map(([k, f]) => `${k} (${f})`);
    expect(unswept).toEqual([]);
  });

  test('the scan reads literal and constant kinds, and refuses a kind it cannot read', () => {
    const dir = tempDir('kiln-ledger-kinds-');
    fs.writeFileSync(
      path.join(dir, 'a.ts'),
      "ctx.ledger.record({ id, kind: 'qemu-vm', data: {} });\nconst VM = 'vm';\nledger.record({ kind: VM, id });\n",
    );
    expect([...recordedLedgerKinds(dir).keys()].sort()).toEqual(['qemu-vm', 'vm']);
    fs.writeFileSync(path.join(dir, 'b.ts'), 'ctx.ledger.record({ id, kind: kindOf(x) });\n');
    expect(() => recordedLedgerKinds(dir)).toThrow('b.ts: cannot tell the ledger kind of kindOf(x)');
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

/**
 * Ledger kinds that code under `root` records (`.record({ ..., kind: K, ... })`), each with the file
 * recording it. K is a string literal or a constant defined as one somewhere under `root`; anything
 * else is an error, so that a new record call cannot escape the check.
 */
function recordedLedgerKinds(root: string): Map<string, string> {
  const files = (fs.readdirSync(root, { recursive: true }) as string[])
    .filter((f) => f.endsWith('.ts'))
    .map((f) => ({ name: f, text: fs.readFileSync(path.join(root, f), 'utf8') }));
  const constants = new Map<string, string>();
  for (const { text } of files)
    for (const m of text.matchAll(/\bconst\s+([A-Za-z_]\w*)\s*=\s*'([^']*)'/g)) constants.set(m[1], m[2]);
  const kinds = new Map<string, string>();
  for (const { name, text } of files)
    for (const m of text.matchAll(/\.record\(\{([^}]*)\}/g)) {
      const kind = /\bkind:\s*([^,\n]+?)\s*(?:,|$)/m.exec(m[1])?.[1];
      if (kind === undefined) continue; // not a ledger record
      const literal = /^'([^']*)'$/.exec(kind)?.[1] ?? constants.get(kind);
      if (literal === undefined) throw new Error(`${name}: cannot tell the ledger kind of ${kind}`);
      kinds.set(literal, name);
    }
  return kinds;
}
