import type { RuntimeLookup } from '../engine/build-plan';
import type { BuilderRuntime, PostProcessorRuntime, ProvisionerRuntime } from '../engine/types';

/**
 * The runtime halves of components (what runs a builder, provisioner or post-processor), by type.
 * Their configuration schemas live in registry.ts; a component can be validated without a runtime,
 * and the engine reports "not supported yet" rather than guessing when one is missing. The engine
 * sees it as a RuntimeLookup (it does not import the sdk).
 */
export interface RuntimeSet {
  readonly builders?: readonly BuilderRuntime[];
  readonly provisioners?: readonly ProvisionerRuntime[];
  readonly postProcessors?: readonly PostProcessorRuntime[];
}

export class RuntimeRegistry implements RuntimeLookup {
  private readonly builders = new Map<string, BuilderRuntime>();
  private readonly provisioners = new Map<string, ProvisionerRuntime>();
  private readonly postProcessors = new Map<string, PostProcessorRuntime>();

  constructor(sets: readonly RuntimeSet[] = []) {
    for (const s of sets) this.add(s);
  }

  add(set: RuntimeSet): this {
    for (const b of set.builders ?? []) this.builders.set(b.type, b);
    for (const p of set.provisioners ?? []) this.provisioners.set(p.type, p);
    for (const p of set.postProcessors ?? []) this.postProcessors.set(p.type, p);
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
}
