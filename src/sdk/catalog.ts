import type { BuilderRuntime, PostProcessorRuntime, ProvisionerRuntime } from '../engine/types';
import type { DataSource } from '../schema/datasource';
import { ComponentRegistry } from '../schema/registry';
import type { ComponentDeclaration } from './define';
import { type CannotRunMark, RuntimeRegistry } from './runtimes';

/**
 * What Kiln derives from a list of component declarations: the registry of schemas (config side),
 * the registry of runtimes with the cannotRun marks, and the data sources (sweepers:
 * ledgerKindTableOf in ledger-kinds.ts). Each refuses a type declared twice.
 */

export function componentRegistryOf(declarations: readonly ComponentDeclaration[]): ComponentRegistry {
  const registry = new ComponentRegistry();
  for (const d of declarations) registry.register(d.schema);
  return registry;
}

export function runtimeRegistryOf(declarations: readonly ComponentDeclaration[]): RuntimeRegistry {
  const builders: BuilderRuntime[] = [];
  const provisioners: ProvisionerRuntime[] = [];
  const postProcessors: PostProcessorRuntime[] = [];
  const cannotRun: CannotRunMark[] = [];
  for (const d of declarations) {
    // Data sources run while a template loads (dataSourcesOf), not in builds.
    if (d.kind === 'datasource') continue;
    if (d.cannotRun !== undefined) cannotRun.push({ kind: d.kind, type: d.schema.type, reason: d.cannotRun });
    if (d.kind === 'builder' && d.runtime) builders.push(d.runtime);
    if (d.kind === 'provisioner' && d.runtime) provisioners.push(d.runtime);
    if (d.kind === 'post-processor' && d.runtime) postProcessors.push(d.runtime);
  }
  return new RuntimeRegistry([{ builders, provisioners, postProcessors, cannotRun }]);
}

export function dataSourcesOf(declarations: readonly ComponentDeclaration[]): readonly DataSource[] {
  return declarations.flatMap((d) => (d.kind === 'datasource' && d.runtime ? [d.runtime] : []));
}

/**
 * What is wrong with a catalog as a whole, one sentence per problem: a component with neither a
 * runtime nor a cannotRun mark (it would fail builds with a message nobody chose, and docs could
 * not say whether Kiln runs it), or with both (which one wins?). define* refuses both; this also
 * catches declarations written by hand.
 */
export function catalogProblems(declarations: readonly ComponentDeclaration[]): string[] {
  const problems: string[] = [];
  for (const d of declarations) {
    const name = `${d.kind} ${d.schema.type}`;
    if (d.runtime === undefined && d.cannotRun === undefined) {
      problems.push(`${name} has neither a runtime nor a cannotRun mark`);
    }
    if (d.runtime !== undefined && d.cannotRun !== undefined) {
      problems.push(`${name} has a runtime and a cannotRun mark`);
    }
  }
  return problems;
}
