import { getConversion, getConversionUnsafe } from './convert';
import type { Type } from './types';
import { friendlyNameForConstraint, isCollection, typeEquals } from './types';

/**
 * cty's convert.MismatchMessage: why a value of type `got` cannot become `want`, in cty's words.
 * Convert uses it when no conversion exists at all.
 */
export function mismatchMessage(got: Type, want: Type): string {
  if (got.kind === 'object' && want.kind === 'object') return mismatchObjects(got, want);
  if (got.kind === 'tuple' && want.kind === 'list' && want.element.kind === 'dynamic') {
    return 'all list elements must have the same type';
  }
  if (got.kind === 'tuple' && want.kind === 'set' && want.element.kind === 'dynamic') {
    return 'all set elements must have the same type';
  }
  if (got.kind === 'object' && want.kind === 'map' && want.element.kind === 'dynamic') {
    return 'all map elements must have the same type';
  }
  if ((got.kind === 'tuple' || got.kind === 'object') && isCollection(want)) {
    return mismatchFromStructural(got, want);
  }
  if (isCollection(got) && isCollection(want)) return mismatchFromCollections(got, want);
  // cty 1.16+ adds ", but have <type>" here; Packer pins go-cty 1.13.3 (nywilken fork), which does not.
  return `${friendlyNameForConstraint(want)} required`;
}

function mismatchObjects(
  got: Extract<Type, { kind: 'object' }>,
  want: Extract<Type, { kind: 'object' }>,
): string {
  const missing: string[] = [];
  let unsafeMismatch = '';
  let safeMismatch = '';
  for (const name of Object.keys(want.attributes).sort()) {
    const wantAty = want.attributes[name];
    const gotAty = got.attributes[name];
    if (gotAty === undefined) {
      if (!want.optional?.has(name)) missing.push(name);
      continue;
    }
    if (typeEquals(gotAty, wantAty)) continue;
    if (unsafeMismatch) continue;
    if (!getConversionUnsafe(gotAty, wantAty)) {
      unsafeMismatch = `attribute ${goQ(name)}: ${mismatchMessage(gotAty, wantAty)}`;
    }
    if (safeMismatch) continue;
    if (!getConversion(gotAty, wantAty)) {
      safeMismatch = `attribute ${goQ(name)}: ${mismatchMessage(gotAty, wantAty)}`;
    }
  }
  if (missing.length === 1) return `attribute ${goQ(missing[0])} is required`;
  if (missing.length === 2) return `attributes ${goQ(missing[0])} and ${goQ(missing[1])} are required`;
  if (missing.length > 2) {
    const head = missing.slice(0, -1).map((n) => `${goQ(n)}, `);
    return `attributes ${head.join('')}and ${goQ(missing[missing.length - 1])} are required`;
  }
  return unsafeMismatch || safeMismatch || 'incorrect object attributes';
}

function mismatchFromStructural(got: Type, want: Extract<Type, { kind: 'list' | 'set' | 'map' }>): string {
  if ((want.kind === 'list' || want.kind === 'set') && got.kind !== 'tuple') {
    return `${friendlyNameForConstraint(want)} required`;
  }
  if (want.kind === 'map' && got.kind !== 'object') return `${friendlyNameForConstraint(want)} required`;
  const wantEty = want.element;
  if (got.kind === 'tuple') {
    for (let i = 0; i < got.elements.length; i++) {
      const gotEty = got.elements[i];
      if (typeEquals(gotEty, wantEty) || getConversionUnsafe(gotEty, wantEty)) continue;
      return `element ${i}: ${mismatchMessage(gotEty, wantEty)}`;
    }
  } else if (got.kind === 'object') {
    for (const name of Object.keys(got.attributes).sort()) {
      const gotAty = got.attributes[name];
      if (typeEquals(gotAty, wantEty) || getConversionUnsafe(gotAty, wantEty)) continue;
      return `element ${goQ(name)}: ${mismatchMessage(gotAty, wantEty)}`;
    }
  }
  return `all elements must be ${friendlyNameForConstraint(wantEty)}`;
}

function mismatchFromCollections(
  got: Extract<Type, { kind: 'list' | 'set' | 'map' }>,
  want: Extract<Type, { kind: 'list' | 'set' | 'map' }>,
): string {
  if ((want.kind === 'list' || want.kind === 'set') && got.kind === 'map') {
    return `${friendlyNameForConstraint(want)} required`;
  }
  if (want.kind === 'map' && got.kind !== 'map') return `${friendlyNameForConstraint(want)} required`;
  return `incorrect ${want.kind} element type: ${mismatchMessage(got.element, want.element)}`;
}

/** Go's %q for attribute names (names are ordinary identifiers, so JSON quoting matches). */
function goQ(s: string): string {
  return JSON.stringify(s);
}
