import { type Diagnostic, errorDiag } from '../hcl/diagnostics';
import type { DecodedConfig } from '../schema/types';
import type { Value } from '../values/value';
import { checkGoTemplate, hasGoTemplate } from '../gotemplate/index';

/**
 * Packer's plugins render their option strings as Go templates in Prepare (`ami_name =
 * "app-{{timestamp}}"`), or later with their own data (`execute_command`'s `{{ .Vars }}`). Which
 * happens when is each component's business at run time; what validate can always do is refuse
 * strings that are not valid templates at all, as Prepare would, pointing at the option.
 */
export function goTemplateSyntaxProblems(config: DecodedConfig): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  for (const [name, value] of config.values) {
    const range = config.ranges.get(name);
    if (range === undefined) continue; // defaults are the component's own, and valid
    for (const text of knownStrings(value)) {
      const r = checkGoTemplate(text);
      if (!r.ok) diagnostics.push(errorDiag(`Invalid template in ${name}`, r.message, range));
    }
  }
  return diagnostics;
}

/** Every known string inside a value; sensitive ones are skipped so they never reach a message. */
function* knownStrings(v: Value): Generator<string> {
  if (!v.isKnown() || v.isNull() || v.isSensitive()) return;
  switch (v.type.kind) {
    case 'string': {
      const s = v.asString();
      if (hasGoTemplate(s)) yield s;
      return;
    }
    case 'list':
    case 'set':
    case 'tuple':
      for (const e of v.elements()) yield* knownStrings(e);
      return;
    case 'map':
    case 'object':
      for (const e of v.entries().values()) yield* knownStrings(e);
      return;
    default:
      return;
  }
}
