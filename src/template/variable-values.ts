import { type HclBody, expressionRange } from '../hcl/body';
import { type Diagnostic, errorDiag, hasErrors, warningDiag } from '../hcl/diagnostics';
import type { Range } from '../hcl/pos';
import type { Expression } from '../hcl/syntax/ast';
import { parseExpression } from '../hcl/syntax/parser';
import { evaluate } from '../eval/evaluate';
import { evaluateSyntaxExpression } from '../eval/json';
import { tryConvert } from '../eval/value-ops';
import { applyDefaults } from '../values/typeexpr';
import { Value } from '../values/value';
import type { AssignmentSource, InputVariable, InputVariables } from './variables';

/**
 * Values for input variables from outside the configuration, in Packer's order of precedence:
 * default < PKR_VAR_name environment variables < variable files (the *.auto.pkrvars.* files, then
 * each -var-file in order) < each -var in order. Every accepted value is appended to the variable's
 * assignments, so the last one wins.
 */
export interface VariableValueSources {
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Parsed variable files, in precedence order. */
  readonly varFiles: readonly { readonly filename: string; readonly body: HclBody }[];
  /** Raw `name=value` arguments of -var, in command-line order. */
  readonly vars: readonly string[];
  /** Warn about names in variable files that no variable declares (Packer's -warn-on-undeclared-var). */
  readonly warnOnUndeclaredVar: boolean;
}

export const VAR_ENV_PREFIX = 'PKR_VAR_';

export function collectInputVariableValues(
  vars: InputVariables,
  sources: VariableValueSources,
): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  diagnostics.push(...fromEnvironment(vars, sources));
  const fileDiags = fromVarFiles(vars, sources);
  diagnostics.push(...fileDiags);
  // Packer stops before the command line when a variable file declares variables.
  if (fileDiags.some((d) => d.summary === DECLARATION_IN_VARFILE)) return diagnostics;
  diagnostics.push(...fromArguments(vars, sources));
  return diagnostics;
}

function fromEnvironment(vars: InputVariables, sources: VariableValueSources): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  // The process environment has no order; sorting keeps diagnostics stable.
  for (const key of Object.keys(sources.env).sort()) {
    const raw = sources.env[key];
    if (!key.startsWith(VAR_ENV_PREFIX) || raw === undefined) continue;
    const name = key.slice(VAR_ENV_PREFIX.length);
    const variable = vars.get(name);
    if (!variable) continue; // undeclared PKR_VAR_ names are ignored silently
    const r = valueFromText(`<value for var.${name} from env>`, raw, variable, diagnostics);
    if (!r) continue;
    if (!r.converted.ok) {
      diagnostics.push(
        errorDiag(
          'Invalid value for variable',
          `The value for ${name} is not compatible with the variable's type constraint: ${r.converted.message}.`,
          r.range,
        ),
      );
    }
    assign(variable, 'env', r.converted.value, r.range);
  }
  return diagnostics;
}

const DECLARATION_IN_VARFILE = 'Variable declaration in a .pkrvar file';

function fromVarFiles(vars: InputVariables, sources: VariableValueSources): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  for (const file of sources.varFiles) {
    const { content } = file.body.partialContent({
      attributes: [],
      blocks: [{ type: 'variable', labelNames: ['name'] }],
    });
    const declared = content.blocks.map((block) => {
      const name = block.labels[0];
      return errorDiag(
        DECLARATION_IN_VARFILE,
        `A .pkrvar file is used to assign values to variables that have already been declared in .pkr files, not to declare new variables. To declare variable "${name}", place this block in one of your .pkr files, such as variables.pkr.hcl\n\nTo set a value for this variable in ${block.typeRange.filename}, use the definition syntax instead:\n    ${name} = <value>`,
        block.typeRange,
      );
    });
    diagnostics.push(...declared);
    if (hasErrors(diagnostics)) return diagnostics;

    const { attributes, diagnostics: attrDiags } = file.body.justAttributes();
    diagnostics.push(...attrDiags);
    for (const [name, attr] of attributes) {
      const variable = vars.get(name);
      if (!variable) {
        if (sources.warnOnUndeclaredVar) {
          diagnostics.push(
            warningDiag(
              'Undefined variable',
              `The variable "${name}" was set but was not declared as an input variable.\nTo declare variable "${name}" place this block in one of your .pkr.hcl files, such as variables.pkr.hcl\n\nvariable "${name}" {\n  type    = string\n  default = null\n}`,
              // Packer gives only a context range; a subject lets the snippet show which line.
              attr.range,
              attr.range,
            ),
          );
        }
        continue;
      }
      // No evaluation context: functions and references are not allowed in variable files.
      const r = evaluateSyntaxExpression(attr.expr, undefined);
      diagnostics.push(...r.diagnostics);
      const converted = convertFor(variable, r.value);
      if (!converted.ok) {
        diagnostics.push(
          errorDiag(
            'Invalid value for variable',
            `The value for ${name} is not compatible with the variable's type constraint: ${converted.message}.`,
            expressionRange(attr.expr),
          ),
        );
      }
      assign(variable, 'varfile', converted.value, expressionRange(attr.expr));
    }
  }
  return diagnostics;
}

/** Splits `name=value` at the first `=` (Packer's kv flag); undefined when there is none. */
export function splitVarArgument(raw: string): { name: string; value: string } | undefined {
  const eq = raw.indexOf('=');
  return eq < 0 ? undefined : { name: raw.slice(0, eq), value: raw.slice(eq + 1) };
}

function fromArguments(vars: InputVariables, sources: VariableValueSources): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  // Packer keeps -var values in a map: a name given twice keeps its last value, at its first position.
  const args = new Map<string, string>();
  for (const raw of sources.vars) {
    const kv = splitVarArgument(raw);
    if (!kv) {
      diagnostics.push(errorDiag(`invalid value "${raw}" for flag -var: No '=' value in arg: ${raw}`, ''));
      continue;
    }
    args.set(kv.name, kv.value);
  }
  for (const [name, raw] of args) {
    const variable = vars.get(name);
    if (!variable) {
      diagnostics.push(
        errorDiag(
          'Undefined -var variable',
          `A "${name}" variable was passed in the command line but was not found in known variables. To declare variable "${name}", place this block in one of your .pkr files, such as variables.pkr.hcl`,
        ),
      );
      continue;
    }
    const r = valueFromText(`<value for var.${name} from arguments>`, raw, variable, diagnostics);
    if (!r) continue;
    if (!r.converted.ok) {
      diagnostics.push(
        errorDiag(
          'Invalid argument value for -var variable',
          `The received arg value for ${name} is not compatible with the variable's type constraint: ${r.converted.message}.`,
        ),
      );
    }
    assign(variable, 'cmd', r.converted.value, r.range);
  }
  return diagnostics;
}

/**
 * A variable's value given as text (PKR_VAR_ or -var): parsed, evaluated without a context and
 * converted to the variable's type. As in Packer the text is not a source file, so diagnostics
 * about it show "(source code not available)" rather than the value, which may be a secret. Parse
 * and evaluation problems go to diagnostics; undefined when the text does not parse. Type mismatches are left to the caller,
 * whose wording depends on where the text came from.
 */
function valueFromText(
  filename: string,
  raw: string,
  variable: InputVariable,
  diagnostics: Diagnostic[],
): { range: Range; converted: ReturnType<typeof convertFor> } | undefined {
  const parsed = valueExpression(filename, raw, variable);
  diagnostics.push(...parsed.diagnostics);
  if (hasErrors(parsed.diagnostics)) return undefined;
  const r = evaluate(parsed.expr, undefined);
  diagnostics.push(...r.diagnostics);
  return { range: parsed.expr.range, converted: convertFor(variable, r.value) };
}

/**
 * Packer's expressionFromVariableDefinition: for string, number and untyped variables the text is a
 * literal string (converted to the type later); for every other type it is an HCL expression.
 */
function valueExpression(
  filename: string,
  raw: string,
  variable: InputVariable,
): { expr: Expression; diagnostics: Diagnostic[] } {
  const kind = variable.type.kind;
  if (kind === 'string' || kind === 'number' || kind === 'dynamic') {
    const lines = raw.split('\n');
    const lastLine = lines[lines.length - 1];
    const end = {
      line: lines.length,
      column: [...lastLine].length + 1,
      byte: Buffer.byteLength(raw, 'utf8'),
    };
    const range: Range = { filename, start: { line: 1, column: 1, byte: 0 }, end };
    return { expr: { kind: 'LiteralValue', value: { type: 'string', value: raw }, range }, diagnostics: [] };
  }
  const parsed = parseExpression(raw, filename);
  return { expr: parsed.expr, diagnostics: parsed.diagnostics };
}

function convertFor(variable: InputVariable, raw: Value): { ok: boolean; value: Value; message: string } {
  const value = variable.typeDefaults && !raw.isNull() ? applyDefaults(raw, variable.typeDefaults) : raw;
  const c = tryConvert(value, variable.type);
  return c.ok
    ? { ok: true, value: c.value, message: '' }
    : { ok: false, value: Value.DynamicUnknown, message: c.message };
}

function assign(variable: InputVariable, from: AssignmentSource, value: Value, range: Range): void {
  variable.values.push({ from, value, range });
}
