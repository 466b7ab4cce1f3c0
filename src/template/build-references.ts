import { type Diagnostic, errorDiag } from '../hcl/diagnostics';
import { nameSuggestion } from '../hcl/didyoumean';
import { goQuote } from '../text/go-quote';
import type { ComponentRegistry } from '../schema/registry';
import type { BuildBlock, SourceBlock } from './model';
import { sourceKey } from './sources';

/**
 * hcl2template's initializeBlocks: every source a build uses must exist and have a known builder
 * type, and every provisioner and post-processor type must be known, whether or not -only/-except
 * would select it. A use whose builder type is unknown is not looked up as a source too.
 */
export function checkBuildReferences(
  builds: readonly BuildBlock[],
  sources: ReadonlyMap<string, SourceBlock>,
  registry: ComponentRegistry,
): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const available = [...sources.keys()].sort();
  for (const build of builds) {
    for (const use of build.sources) {
      if (!registry.get('builder', use.type)) {
        diagnostics.push(registry.unknownComponentDiagnostic('builder', use.type, use.range));
        continue;
      }
      const key = sourceKey(use.type, use.name);
      if (sources.has(key)) continue;
      const suggestion = nameSuggestion(key, available);
      diagnostics.push(
        errorDiag(
          `Unknown source ${key}`,
          suggestion !== undefined
            ? `Did you mean to use ${goQuote(suggestion)}?`
            : `Known: [${available.join(' ')}]`,
          use.range,
        ),
      );
    }
    for (const p of build.provisioners) {
      if (!registry.get('provisioner', p.type)) {
        diagnostics.push(registry.unknownComponentDiagnostic('provisioner', p.type, p.range));
      }
    }
    const cleanup = build.errorCleanupProvisioner;
    if (cleanup && !registry.get('provisioner', cleanup.type)) {
      diagnostics.push(
        registry.unknownComponentDiagnostic(
          'provisioner',
          cleanup.type,
          cleanup.range,
          'error-cleanup-provisioner',
        ),
      );
    }
    for (const chain of build.postProcessorChains) {
      for (const pp of chain) {
        if (!registry.get('post-processor', pp.type)) {
          diagnostics.push(registry.unknownComponentDiagnostic('post-processor', pp.type, pp.range));
        }
      }
    }
  }
  return diagnostics;
}
