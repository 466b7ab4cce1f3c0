import { type Diagnostic, errorDiag, warningDiag } from '../hcl/diagnostics';
import { parseGoDuration } from '../text/go-duration';
import type { Value } from '../values/value';
import type { DecodedBody } from './body-decoder';
import { isDurationType } from './fields';
import type { ConfigProblem, ConfigView } from './types';

/**
 * Packer's Prepare-time checks over a decoded body. Prepare tests Go struct fields, where an option
 * that was not written holds its zero value, so "missing" means unset, null, "", false, 0 or empty,
 * and "set" means anything else. A value that is not known yet (at validate time `build.*` and data
 * sources are unknown) is never reported: whatever it turns out to be is checked at build time.
 */

/** Warnings for deprecated options that are set, nested blocks included. */
export function deprecationWarnings(body: DecodedBody): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const field of body.fields) {
    if (field.deprecated !== undefined && body.setNames.has(field.name)) {
      out.push(warningDiag(field.deprecated, '', body.ranges.get(field.name)));
    }
    for (const child of body.nested.get(field.name) ?? []) out.push(...deprecationWarnings(child));
  }
  return out;
}

/**
 * Durations that Go's time.ParseDuration rejects. Packer decodes them before any other check runs
 * (mapstructure's decode hook), and stops there when one fails, so these come in a phase of their own.
 */
export function durationErrors(body: DecodedBody): Diagnostic[] {
  const out: Diagnostic[] = [];
  if (body.unknown) return out;
  for (const field of body.fields) {
    const value = body.values.get(field.name);
    if (isDurationType(field.type) && value !== undefined && body.setNames.has(field.name)) {
      const text = knownString(value);
      if (text !== undefined) {
        const parsed = parseGoDuration(text);
        if (!parsed.ok)
          out.push(errorDiag(`Failed parsing ${field.name}`, parsed.message, body.ranges.get(field.name)));
      }
    }
    for (const child of body.nested.get(field.name) ?? []) out.push(...durationErrors(child));
  }
  return out;
}

/**
 * required, oneOf and conflictsWith for every field, then nested blocks (their own fields, then
 * their block-level validate), then the given extra checks (communicator, the component's own).
 */
export function prepareProblems(
  body: DecodedBody,
  extra: readonly ((view: ConfigView) => readonly ConfigProblem[])[] = [],
): Diagnostic[] {
  const out: Diagnostic[] = [];
  if (body.unknown) return out;
  for (const field of body.fields) {
    const value = body.values.get(field.name) as Value;
    if (field.required !== undefined && field.required !== false && isMissing(value)) {
      const message = typeof field.required === 'string' ? field.required : `${field.name} must be specified`;
      out.push(errorDiag(message, '', body.ranges.get(field.name) ?? body.range));
    }
    if (field.oneOf && body.setNames.has(field.name)) {
      const text = knownString(value);
      if (text !== undefined && !field.oneOf.includes(text)) {
        out.push(
          errorDiag(
            `${field.name} ('${text}') is invalid, valid values: ${field.oneOf.join(', ')}`,
            '',
            body.ranges.get(field.name),
          ),
        );
      }
    }
  }
  out.push(...conflictProblems(body));
  for (const field of body.fields) {
    for (const child of body.nested.get(field.name) ?? []) {
      out.push(...prepareProblems(child, child.validate ? [child.validate] : []));
    }
  }
  for (const check of extra) out.push(...check(body.view).map((p) => problemDiagnostic(p, body)));
  return out;
}

/** One error per conflicting pair, at whichever of the two was written later. */
function conflictProblems(body: DecodedBody): Diagnostic[] {
  const out: Diagnostic[] = [];
  const reported = new Set<string>();
  for (const field of body.fields) {
    for (const other of field.conflictsWith ?? []) {
      const key = [field.name, other].sort().join('\0');
      if (reported.has(key)) continue;
      reported.add(key);
      if (!isPresent(body.values.get(field.name)) || !isPresent(body.values.get(other))) continue;
      const a = body.ranges.get(field.name);
      const b = body.ranges.get(other);
      const later = a && b && a.filename === b.filename && a.start.byte > b.start.byte ? a : (b ?? a);
      out.push(errorDiag(`Only one of ${field.name} or ${other} can be specified.`, '', later));
    }
  }
  return out;
}

export function problemDiagnostic(p: ConfigProblem, body: DecodedBody): Diagnostic {
  const subject = (p.field !== undefined ? body.ranges.get(p.field) : undefined) ?? body.range;
  return p.severity === 'warning'
    ? warningDiag(p.message, p.detail ?? '', subject)
    : errorDiag(p.message, p.detail ?? '', subject);
}

function knownString(v: Value): string | undefined {
  if (!v.isKnown() || v.isNull() || v.type.kind !== 'string') return undefined;
  return v.unmark()[0].asString();
}

/** Whether a value is Go's zero value; undefined when that is not known yet. */
function isZero(v: Value): boolean | undefined {
  if (!v.isKnown()) return undefined;
  if (v.isNull()) return true;
  const u = v.unmark()[0];
  switch (u.type.kind) {
    case 'string':
      return u.asString() === '';
    case 'bool':
      return !u.asBool();
    case 'number':
      return u.asNumber().isZero();
    case 'list':
    case 'set':
    case 'map':
    case 'tuple':
      return u.length() === 0;
    default:
      // An object (a single nested block) is set however empty it is.
      return false;
  }
}

function isMissing(v: Value): boolean {
  return isZero(v) === true;
}

function isPresent(v: Value | undefined): boolean {
  return v !== undefined && isZero(v) === false;
}
