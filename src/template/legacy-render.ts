import { type Diagnostic, errorDiag } from '../hcl/diagnostics';
import type { JsonObject, JsonProperty, JsonValue } from '../hcl/json/ast';
import type { Range } from '../hcl/pos';
import { checkGoTemplate, hasGoTemplate, renderGoTemplate } from '../gotemplate/index';
import type { InterpolationContext } from '../gotemplate/types';

/**
 * Go-template rendering of a legacy component configuration, as a Packer plugin's config.Decode
 * does with interpolate.RenderMap: every string value at any depth, and the keys of nested objects
 * (not the option names themselves). Problems are reported against the string's range with
 * Packer's framing — `invalid 'ami_name'` for a template that does not parse, `render 'ami_name'`
 * for one that fails to execute — and the string is then kept as written.
 */

/** Renders one string; a problem is reported under the top-level option it belongs to. */
export function renderLegacyString(
  text: string,
  range: Range,
  option: string,
  ctx: InterpolationContext,
  diagnostics: Diagnostic[],
): string {
  if (!hasGoTemplate(text)) return text;
  const r = renderGoTemplate(text, ctx);
  if (r.ok) return r.value;
  const syntax = checkGoTemplate(text);
  const framing = syntax.ok ? 'render' : 'invalid';
  diagnostics.push(errorDiag(`${framing} '${option}'`, syntax.ok ? r.message : syntax.message, range));
  return text;
}

function renderValue(
  v: JsonValue,
  option: string,
  ctx: InterpolationContext,
  diagnostics: Diagnostic[],
): JsonValue {
  switch (v.kind) {
    case 'string': {
      const value = renderLegacyString(v.value, v.range, option, ctx, diagnostics);
      return value === v.value ? v : { ...v, value };
    }
    case 'array':
      return { ...v, elements: v.elements.map((e) => renderValue(e, option, ctx, diagnostics)) };
    case 'object':
      return {
        ...v,
        properties: v.properties.map((p): JsonProperty => ({
          name: renderLegacyString(p.name, p.nameRange, option, ctx, diagnostics),
          nameRange: p.nameRange,
          value: renderValue(p.value, option, ctx, diagnostics),
        })),
      };
    default:
      return v;
  }
}

/** A configuration object with every string rendered (ranges unchanged). */
export function renderLegacyConfig(
  config: JsonObject,
  ctx: InterpolationContext,
  diagnostics: Diagnostic[],
): JsonObject {
  return {
    ...config,
    properties: config.properties.map((p) => ({
      ...p,
      value: renderValue(p.value, p.name, ctx, diagnostics),
    })),
  };
}
