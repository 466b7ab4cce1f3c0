import { BUILTINS } from './builtins';
import { ExecError, execute } from './exec';
import { type FunctionLookup, FunctionFailure, type TemplateFunction } from './function-table';
import { PACKER_TEMPLATE_FUNCTIONS } from './functions';
import { type ParsedTemplate, TEMPLATE_NAME, parseTemplate } from './parser';
import type { GoTemplateFunction, InterpolationContext, RenderResult } from './types';
import { GoData, type GoValue, NO_VALUE, fromData } from './values';

export type { GoTemplateData, GoTemplateFunction, InterpolationContext, RenderResult } from './types';

/**
 * Packer's Go-template interpolation: `renderGoTemplate` is the SDK's interpolate.RenderOnce
 * (parse with Packer's functions, execute once against the context's data), with Go's messages.
 * Parsed templates are cached by text, since validate renders the same option strings for every
 * source and provisioner.
 */

const CACHE_LIMIT = 4096;
const cache = new Map<string, ParsedTemplate>();

function parsed(text: string): ParsedTemplate {
  const hit = cache.get(text);
  if (hit !== undefined) return hit;
  const p = parseTemplate(text);
  if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
  cache.set(text, p);
  return p;
}

/** True when the text contains an action delimiter, i.e. rendering may change it. */
export function hasGoTemplate(text: string): boolean {
  return text.includes('{{');
}

/**
 * Checks the syntax only. Function names are not checked: which ones exist depends on where the
 * text is used (a component's own functions), so renderGoTemplate reports unknown ones.
 */
export function checkGoTemplate(text: string): RenderResult {
  if (!hasGoTemplate(text)) return { ok: true, value: text };
  const p = parsed(text);
  return p.syntaxError === undefined ? { ok: true, value: text } : { ok: false, message: p.syntaxError };
}

function adapt(fn: GoTemplateFunction): TemplateFunction {
  return {
    params: fn.params,
    variadic: fn.variadic,
    impl: (args) => {
      try {
        return fn.impl(args.map((a) => (typeof a === 'bigint' ? Number(a) : (a as string))));
      } catch (e) {
        throw new FunctionFailure(e instanceof Error ? e.message : String(e));
      }
    },
  };
}

const adapted = new WeakMap<ReadonlyMap<string, GoTemplateFunction>, FunctionLookup>();

function lookupFor(ctx: InterpolationContext): FunctionLookup {
  const base: FunctionLookup = (name) => PACKER_TEMPLATE_FUNCTIONS.get(name) ?? BUILTINS.get(name);
  const functions = ctx.functions;
  if (functions === undefined || functions.size === 0) return base;
  let lookup = adapted.get(functions);
  if (lookup === undefined) {
    const own = new Map<string, TemplateFunction>();
    for (const [name, fn] of functions) own.set(name, adapt(fn));
    // Like Go's FuncMap merge: the component's functions override Packer's, which override builtins.
    lookup = (name) => own.get(name) ?? base(name);
    adapted.set(functions, lookup);
  }
  return lookup;
}

function hides(ctx: InterpolationContext, message: string): string {
  let out = message;
  for (const s of ctx.sensitive ?? []) if (s !== '') out = out.split(s).join('<sensitive>');
  return out;
}

/** Renders a Go template once, as Packer's interpolate.RenderOnce does. */
export function renderGoTemplate(text: string, ctx: InterpolationContext): RenderResult {
  if (!hasGoTemplate(text)) return { ok: true, value: text };
  const p = parsed(text);
  const lookup = lookupFor(ctx);
  if (!ctx.keepUnresolved) {
    // Go checks each function name as the parser meets it, before any later syntax error.
    const missing = p.functionCalls.find((c) => lookup(c.name) === undefined);
    if (missing !== undefined)
      return {
        ok: false,
        message: `template: ${TEMPLATE_NAME}:${missing.line}: function "${missing.name}" not defined`,
      };
  }
  if (p.root === undefined) return { ok: false, message: hides(ctx, p.syntaxError as string) };
  let data: GoValue = NO_VALUE;
  if (ctx.data !== undefined) {
    const fields: Record<string, GoValue> = {};
    for (const [k, v] of Object.entries(ctx.data)) fields[k] = fromData(v);
    data = new GoData(fields, ctx.dataType);
  }
  try {
    const value = execute(p.root, {
      text,
      data,
      lookup,
      isShortCircuit: (name) => (name === 'and' || name === 'or') && lookup(name) === BUILTINS.get(name),
      keepUnresolved: ctx.keepUnresolved === true,
      ctx,
    });
    return { ok: true, value };
  } catch (e) {
    if (e instanceof ExecError) return { ok: false, message: hides(ctx, e.message) };
    throw e;
  }
}
