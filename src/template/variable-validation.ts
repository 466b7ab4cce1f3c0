import { type BodySchema, type HclBlock, type SyntaxExpression, expressionRange } from '../hcl/body';
import { type Diagnostic, errorDiag, hasErrors } from '../hcl/diagnostics';
import { type Range, formatRange, rangeBetween } from '../hcl/pos';
import type { Traverser } from '../hcl/syntax/ast';
import type { EvalContext } from '../eval/context';
import { evaluateSyntaxExpression, syntaxExpressionVariables } from '../eval/json';
import { tryConvert } from '../eval/value-ops';
import { BoolType } from '../values/types';
import type { Value } from '../values/value';
import { decodeString } from './decode';

/** The minimal view of an assignment a rule needs (kept structural to avoid an import cycle). */
interface Assignment {
  readonly from: string;
  readonly range?: Range;
}

/** A `validation { condition, error_message }` rule of an input variable. */
export interface VariableValidation {
  readonly condition?: SyntaxExpression;
  readonly errorMessage: string;
  /** The validation block's definition range, quoted in failure messages. */
  readonly declRange: Range;
  /** Evaluates the rule against a value, in a context holding only that variable. */
  check(value: Value, assignment: Assignment, ctx: EvalContext): Diagnostic[];
}

const validationSchema: BodySchema = {
  attributes: [
    { name: 'condition', required: true },
    { name: 'error_message', required: true },
  ],
  blocks: [],
};

const INVALID_RESULT = 'Invalid variable validation result';

export function decodeValidationBlock(
  varName: string,
  block: HclBlock,
): { validation: VariableValidation; diagnostics: Diagnostic[] } {
  const { content, diagnostics } = block.body.content(validationSchema);
  const condAttr = content.attributes.get('condition');
  const condition = condAttr?.expr;
  if (condition) diagnostics.push(...checkConditionReferences(varName, condition));

  let errorMessage = '';
  const msgAttr = content.attributes.get('error_message');
  if (msgAttr) {
    const m = decodeString(msgAttr.expr);
    diagnostics.push(...m.diagnostics);
    if (!hasErrors(m.diagnostics)) {
      errorMessage = m.value ?? '';
      const problem =
        errorMessage === ''
          ? 'An empty string is not a valid nor useful error message.'
          : !looksLikeSentences(errorMessage)
            ? 'Validation error message must be at least one full sentence starting with an uppercase letter ( if the alphabet permits it ) and ending with a period or question mark.'
            : undefined;
      if (problem)
        diagnostics.push(
          errorDiag('Invalid validation error message', problem, expressionRange(msgAttr.expr)),
        );
    }
  }

  const declRange = block.range;
  const validation: VariableValidation = {
    condition,
    errorMessage,
    declRange,
    check(value, assignment, ctx) {
      if (!condition) return [];
      const r = evaluateSyntaxExpression(condition, ctx);
      const out = [...r.diagnostics];
      if (hasErrors(r.diagnostics)) return out;
      // An unknown result means the value is not known yet: the rule is checked later, not failed.
      if (!r.value.isKnown()) return out;
      const condRange = expressionRange(condition);
      if (r.value.isNull()) {
        out.push(
          errorDiag(
            INVALID_RESULT,
            'Validation condition expression must return either true or false, not null.',
            condRange,
          ),
        );
        return out;
      }
      const b = tryConvert(r.value.unmark()[0], BoolType);
      if (!b.ok) {
        out.push(
          errorDiag(INVALID_RESULT, `Invalid validation condition result value: ${b.message}.`, condRange),
        );
        return out;
      }
      if (!b.value.isKnown() || b.value.asBool()) return out;
      out.push(
        errorDiag(
          `Invalid value for ${assignment.from} variable`,
          `${errorMessage}\n\nThis was checked by the validation rule at ${formatRange(declRange)}.`,
          assignment.range ?? declRange,
        ),
      );
      return out;
    },
  };
  return { validation, diagnostics };
}

/** A condition may refer only to the variable it validates, and must refer to it at least once. */
function checkConditionReferences(varName: string, condition: SyntaxExpression): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  let good = 0;
  for (const traversal of syntaxExpressionVariables(condition)) {
    if (refersTo(traversal, varName)) {
      good++;
      continue;
    }
    diagnostics.push(
      errorDiag(
        'Invalid reference in variable validation',
        `The condition for variable "${varName}" can only refer to the variable itself, using var.${varName}.`,
        traversalRange(traversal),
      ),
    );
  }
  if (good < 1) {
    diagnostics.push(
      errorDiag(
        'Invalid variable validation condition',
        `The condition for variable "${varName}" must refer to var.${varName} in order to test incoming values.`,
        expressionRange(condition),
      ),
    );
  }
  return diagnostics;
}

function refersTo(traversal: readonly Traverser[], varName: string): boolean {
  const [root, step] = traversal;
  if (!root || root.kind !== 'root' || root.name !== 'var' || !step) return false;
  if (step.kind === 'attr') return step.name === varName;
  return step.kind === 'index' && step.key.type === 'string' && step.key.value === varName;
}

function traversalRange(traversal: readonly Traverser[]): Range {
  return rangeBetween(traversal[0].range, traversal[traversal.length - 1].range);
}

/**
 * Packer's (and Terraform's) sentence check: starts with an uppercase letter when it starts with a
 * letter, and ends with a period, question mark or exclamation mark.
 */
export function looksLikeSentences(s: string): boolean {
  const t = s.trim();
  if (t.length === 0) return false;
  const chars = [...t];
  const first = chars[0];
  const last = chars[chars.length - 1];
  if (/^\p{L}$/u.test(first) && !/^\p{Lu}$/u.test(first)) return false;
  return last === '.' || last === '?' || last === '!';
}
