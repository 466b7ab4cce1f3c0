import type { RunnableKind, RuntimeLookup } from '../engine/build-plan';
import type { BuilderRuntime, PostProcessorRuntime, ProvisionerRuntime } from '../engine/types';

export type { RunnableKind } from '../engine/build-plan';

/** A component Kiln validates but cannot run, with the message a build that needs it fails with. */
export interface CannotRunMark {
  readonly kind: RunnableKind;
  readonly type: string;
  readonly reason: string;
}

/**
 * The runtime halves of components (what runs a builder, provisioner or post-processor), by type.
 * Their configuration schemas live in registry.ts; a component can be validated without a runtime,
 * and the engine reports "not supported yet" rather than guessing when one is missing — in the
 * words of the component's cannotRun mark when it has one. The engine sees it as a RuntimeLookup
 * (it does not import the sdk).
 */
export interface RuntimeSet {
  readonly builders?: readonly BuilderRuntime[];
  readonly provisioners?: readonly ProvisionerRuntime[];
  readonly postProcessors?: readonly PostProcessorRuntime[];
  readonly cannotRun?: readonly CannotRunMark[];
}

export class RuntimeRegistry implements RuntimeLookup {
  private readonly builders = new Map<string, BuilderRuntime>();
  private readonly provisioners = new Map<string, ProvisionerRuntime>();
  private readonly postProcessors = new Map<string, PostProcessorRuntime>();
  private readonly marks = new Map<string, string>();

  constructor(sets: readonly RuntimeSet[] = []) {
    for (const s of sets) this.add(s);
  }

  /**
   * Adds runtimes and marks. A second runtime for a type, or a runtime and a mark for one type, is a
   * bug (as a second schema is in ComponentRegistry): which one would run would depend on order.
   */
  add(set: RuntimeSet): this {
    for (const b of set.builders ?? []) this.put(this.builders, 'builder', b.type, b);
    for (const p of set.provisioners ?? []) this.put(this.provisioners, 'provisioner', p.type, p);
    for (const p of set.postProcessors ?? []) this.put(this.postProcessors, 'post-processor', p.type, p);
    for (const m of set.cannotRun ?? []) {
      this.refuseTwice(m.kind, m.type);
      this.marks.set(markKey(m.kind, m.type), m.reason);
    }
    return this;
  }

  builder(type: string): BuilderRuntime | undefined {
    return this.builders.get(type);
  }

  provisioner(type: string): ProvisionerRuntime | undefined {
    return this.provisioners.get(type);
  }

  postProcessor(type: string): PostProcessorRuntime | undefined {
    return this.postProcessors.get(type);
  }

  /** The mark of a component Kiln declares but cannot run; undefined for any other type. */
  cannotRun(kind: RunnableKind, type: string): string | undefined {
    return this.marks.get(markKey(kind, type));
  }

  private put<R>(map: Map<string, R>, kind: RunnableKind, type: string, runtime: R): void {
    this.refuseTwice(kind, type);
    map.set(type, runtime);
  }

  private refuseTwice(kind: RunnableKind, type: string): void {
    const runtimes: ReadonlyMap<string, unknown> =
      kind === 'builder' ? this.builders : kind === 'provisioner' ? this.provisioners : this.postProcessors;
    if (runtimes.has(type) || this.marks.has(markKey(kind, type))) {
      throw new Error(`${kind} ${type} is registered twice`);
    }
  }
}

function markKey(kind: RunnableKind, type: string): string {
  return `${kind} ${type}`;
}
