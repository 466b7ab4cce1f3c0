import { type Diagnostic, hasErrors } from '../../../hcl/diagnostics';
import { formatRange } from '../../../hcl/pos';
import { parseTemplate } from '../../../hcl/syntax/parser';
import { DynamicType, StringType } from '../../../values/types';
import type { Value } from '../../../values/value';
import { EvalContext } from '../../context';
import { evaluate } from '../../evaluate';
import { variablesIn } from '../../variables';
import { FunctionArgError, FunctionError, type FunctionSpec, type FunctionTable } from '../function';

/**
 * templatefile(path, vars): renders a file as a bare HCL template with only `vars` in scope and the
 * usual functions, except that templatefile itself may not be called again (a template could
 * otherwise include itself forever). Errors read like Packer's (HCL diagnostics as error text).
 */

/** hcl.Diagnostics.Error(): "<range>: <summary>; <detail>", plus a count of the others. */
export function diagnosticsText(diags: readonly Diagnostic[]): string {
  const errors = diags.filter((d) => d.severity === 'error');
  const one = (d: Diagnostic): string =>
    `${d.subject ? `${formatRange(d.subject)}: ` : ''}${d.summary}; ${d.detail}`;
  if (errors.length === 1) return one(errors[0]);
  return `${one(errors[0])}, and ${errors.length - 1} other diagnostic(s)`;
}

const IDENTIFIER = /^[\p{L}\p{Nl}_][\p{L}\p{Nl}\p{Mn}\p{Mc}\p{Nd}\p{Pc}_-]*$/u;

const recursionStub: FunctionSpec = {
  params: [
    { name: 'path', type: StringType },
    { name: 'vars', type: DynamicType },
  ],
  returnType: () => {
    throw new FunctionError('cannot recursively call templatefile from inside templatefile call');
  },
  impl: () => {
    throw new FunctionError('cannot recursively call templatefile from inside templatefile call');
  },
};

export function makeTemplateFile(
  readFile: (path: string) => string,
  functions: () => FunctionTable,
): FunctionSpec {
  const render = (pathArg: string, vars: Value): Value => {
    const src = readFile(pathArg);
    const parsed = parseTemplate(src, pathArg);
    if (hasErrors(parsed.diagnostics)) throw new FunctionError(diagnosticsText(parsed.diagnostics));
    if (vars.type.kind !== 'map' && vars.type.kind !== 'object') {
      throw new FunctionArgError(1, 'invalid vars value: must be a map');
    }
    const variables: Record<string, Value> = {};
    if (vars.isKnown() && !vars.isNull()) {
      for (const [k, v] of vars.entries()) {
        if (!IDENTIFIER.test(k)) {
          throw new FunctionArgError(
            1,
            `invalid template variable name ${JSON.stringify(k)}: must start with a letter, followed by zero or more letters, digits, and underscores`,
          );
        }
        variables[k] = v;
      }
    }
    for (const traversal of variablesIn(parsed.expr)) {
      const root = traversal[0];
      if (root.kind === 'root' && !Object.prototype.hasOwnProperty.call(variables, root.name)) {
        throw new FunctionArgError(
          1,
          `vars map does not contain key ${JSON.stringify(root.name)}, referenced at ${formatRange(root.range)}`,
        );
      }
    }
    const table = new Map(functions());
    table.set('templatefile', recursionStub);
    const result = evaluate(parsed.expr, new EvalContext({ variables, functions: table }));
    if (hasErrors(result.diagnostics)) throw new FunctionError(diagnosticsText(result.diagnostics));
    return result.value;
  };
  return {
    params: [
      { name: 'path', type: StringType },
      { name: 'vars', type: DynamicType },
    ],
    // The result type is whatever the template produces, so rendering happens here already.
    returnType: (args) =>
      args[0].isKnown() && args[1].isKnown() ? render(args[0].asString(), args[1]).type : DynamicType,
    impl: (args) => render(args[0].asString(), args[1]),
  };
}
