import type { ConfigView } from './types';

/**
 * Packer's Prepare functions test Go struct fields, where an option that was not written holds its
 * zero value: `""`, `false`, `0`, an empty slice, a nil map. These readers give the builtin
 * components' checks the same view of a decoded configuration, with one addition: `undefined`
 * means the value is not known yet (at validate time `build.*` and data sources are unknown), and a
 * check that needs it must stay silent rather than guess.
 */

/** Set and not (yet) known: the only case in which a reader answers undefined. */
function pending(view: ConfigView, name: string): boolean {
  return view.isSet(name) && !view.isKnown(name);
}

export function goString(view: ConfigView, name: string): string | undefined {
  return pending(view, name) ? undefined : (view.string(name) ?? '');
}

export function goBool(view: ConfigView, name: string): boolean | undefined {
  return pending(view, name) ? undefined : (view.bool(name) ?? false);
}

export function goNumber(view: ConfigView, name: string): number | undefined {
  return pending(view, name) ? undefined : (view.number(name) ?? 0);
}

/** A pointer option (Go *int32: `iops`): null when unset, so that 0 can be told from "not written". */
export function goOptionalNumber(view: ConfigView, name: string): number | null | undefined {
  return pending(view, name) ? undefined : (view.number(name) ?? null);
}

export function goStrings(view: ConfigView, name: string): readonly string[] | undefined {
  return pending(view, name) ? undefined : (view.strings(name) ?? []);
}

/** A map option: null when unset or written as null (Go's nil map, which some checks tell from `{}`). */
export function goStringMap(
  view: ConfigView,
  name: string,
): Readonly<Record<string, string>> | null | undefined {
  return pending(view, name) ? undefined : (view.stringMap(name) ?? null);
}

/**
 * A config.Trilean option (`encrypt_boot`, `ena_support`): Packer tells "not written" from `false`.
 * Answers 'unset', true or false; undefined when not known yet.
 */
export function goTrilean(view: ConfigView, name: string): boolean | 'unset' | undefined {
  if (pending(view, name)) return undefined;
  return view.bool(name) ?? 'unset';
}

/**
 * True when a string still holds Go-template actions (`ami_name = "img-{{timestamp}}"`): Packer renders
 * them before its checks run, so until Kiln has rendered them their final text is not known either.
 */
export function hasTemplateActions(s: string): boolean {
  return s.includes('{{');
}
