/**
 * Public API of the value layer. Importing this module (or convert, equality or set directly) installs
 * cty's set rules as Value.setNormalizer.
 */
import './set';

export * from './types';
export { Value, SENSITIVE } from './value';
export { Num, num } from './number';
export { formatNumber, numberFromString } from './number-format';
export { makeSet, normalizeSetElements, setLength } from './set';
export { equals, rawEquals, numbersEqual } from './equality';
export { ConversionError, isConversionError, type Path, type PathStep } from './conversion-error';
export {
  convert,
  canConvert,
  getConversion,
  getConversionUnsafe,
  dynamicReplace,
  type Conversion,
} from './convert';
export { unify, unifyUnsafe } from './unify';
export { mismatchMessage } from './mismatch';
export { withoutOptionalAttributesDeep } from './type-utils';
export {
  getTypeConstraint,
  getExactType,
  applyDefaults,
  type TypeDefaults,
  type TypeConstraintResult,
} from './typeexpr';
export { renderConsole } from './render';
export { toJSONValue, fromJSON, JSONDecodeError } from './json';
