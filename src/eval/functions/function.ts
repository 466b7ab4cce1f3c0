import type { Type } from '../../values/types';
import type { Value } from '../../values/value';

/**
 * A function as HCL/cty sees it: declared parameters (with the permissions cty gives them), an
 * optional variadic parameter, a return-type computation and an implementation.
 *
 * callFunction (below) does the common work before impl is reached, exactly as cty does:
 *  - converts each argument to its parameter type (failure → FunctionArgError for that argument);
 *  - rejects null arguments unless allowNull ("argument must not be null");
 *  - if an argument is unknown (or, for !allowDynamicType, of dynamic type) and the parameter does not
 *    allowUnknown, returns an unknown value of the return type without calling impl;
 *  - if the parameter does not allowMarked, strips marks from the argument before impl and re-applies
 *    the union of all stripped marks to the result (so sensitivity propagates).
 */
export interface Parameter {
  readonly name: string;
  readonly type: Type;
  readonly allowNull?: boolean;
  readonly allowUnknown?: boolean;
  readonly allowDynamicType?: boolean;
  readonly allowMarked?: boolean;
}

export interface FunctionSpec {
  readonly description?: string;
  readonly params: readonly Parameter[];
  readonly varParam?: Parameter;
  /** Computes the return type from the (converted) arguments; may throw FunctionArgError/FunctionError. */
  readonly returnType: (args: readonly Value[]) => Type;
  /** Computes the result; may throw FunctionArgError/FunctionError. */
  readonly impl: (args: readonly Value[], returnType: Type) => Value;
}

export type FunctionTable = ReadonlyMap<string, FunctionSpec>;

/** A problem with one argument: rendered as "Invalid function argument" pointing at that argument. */
export class FunctionArgError extends Error {
  constructor(
    readonly argIndex: number,
    message: string,
  ) {
    super(message);
    this.name = 'FunctionArgError';
  }
}

/** Any other failure of a call: rendered as "Error in function call". */
export class FunctionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FunctionError';
  }
}
