import type { Diagnostic } from '../hcl/diagnostics';
import { EvalContext } from '../eval/context';
import type { ComponentRegistry } from '../schema/registry';
import { expandBuilds } from './expand';
import type { ExpandedBuild, Template } from './model';

/**
 * Packer's Core.GetBuilds for a legacy JSON template: one build per builder, named by the builder's
 * name, selected by exact -only/-except names. Option values are already rendered literals, so
 * components decode without any variables in scope.
 */
export function expandLegacyBuilds(
  template: Template,
  registry: ComponentRegistry,
  opts: { readonly only: readonly string[]; readonly except: readonly string[] },
): { builds: ExpandedBuild[]; diagnostics: Diagnostic[] } {
  return expandBuilds(
    { sources: template.sources, builds: template.builds, context: new EvalContext({}) },
    registry,
    {
      only: opts.only,
      except: opts.except,
      legacy: true,
    },
  );
}
