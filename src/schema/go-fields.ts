import type {
  BoolFieldName,
  ConfigView,
  FieldList,
  NumberFieldName,
  StringFieldName,
  StringMapFieldName,
  StringsFieldName,
} from './types';

/**
 * Packer's Prepare functions test Go struct fields, where an option that was not written holds its
 * zero value: `""`, `false`, `0`, an empty slice, a nil map. These readers give the builtin
 * components' checks the same view of a decoded configuration, with one addition: `undefined`
 * means the value is not known yet (at validate time `build.*` and data sources are unknown), and a
 * check that needs it must stay silent rather than guess.
 */

/*
 * Each reader takes the view typed by its component's fields (ConfigView<F>), so that the name is
 * checked as the view's own getters check it; the body reads through the untyped view.
 */

/** Set and not (yet) known: the only case in which a reader answers undefined. */
function pending(view: ConfigView, name: string): boolean {
  return view.isSet(name) && !view.isKnown(name);
}

export function goString<F extends FieldList>(
  view: ConfigView<F>,
  name: StringFieldName<F>,
): string | undefined {
  const v: ConfigView = view;
  return pending(v, name) ? undefined : (v.string(name) ?? '');
}

export function goBool<F extends FieldList>(
  view: ConfigView<F>,
  name: BoolFieldName<F>,
): boolean | undefined {
  const v: ConfigView = view;
  return pending(v, name) ? undefined : (v.bool(name) ?? false);
}

export function goNumber<F extends FieldList>(
  view: ConfigView<F>,
  name: NumberFieldName<F>,
): number | undefined {
  const v: ConfigView = view;
  return pending(v, name) ? undefined : (v.number(name) ?? 0);
}

/** A pointer option (Go *int32: `iops`): null when unset, so that 0 can be told from "not written". */
export function goOptionalNumber<F extends FieldList>(
  view: ConfigView<F>,
  name: NumberFieldName<F>,
): number | null | undefined {
  const v: ConfigView = view;
  return pending(v, name) ? undefined : (v.number(name) ?? null);
}

export function goStrings<F extends FieldList>(
  view: ConfigView<F>,
  name: StringsFieldName<F>,
): readonly string[] | undefined {
  const v: ConfigView = view;
  return pending(v, name) ? undefined : (v.strings(name) ?? []);
}

/** A map option: null when unset or written as null (Go's nil map, which some checks tell from `{}`). */
export function goStringMap<F extends FieldList>(
  view: ConfigView<F>,
  name: StringMapFieldName<F>,
): Readonly<Record<string, string>> | null | undefined {
  const v: ConfigView = view;
  return pending(v, name) ? undefined : (v.stringMap(name) ?? null);
}

/**
 * A config.Trilean option (`encrypt_boot`, `ena_support`): Packer tells "not written" from `false`.
 * Answers 'unset', true or false; undefined when not known yet.
 */
export function goTrilean<F extends FieldList>(
  view: ConfigView<F>,
  name: BoolFieldName<F>,
): boolean | 'unset' | undefined {
  const v: ConfigView = view;
  if (pending(v, name)) return undefined;
  return v.bool(name) ?? 'unset';
}

/**
 * True when a string still holds Go-template actions (`ami_name = "img-{{timestamp}}"`): Packer renders
 * them before its checks run, so until Kiln has rendered them their final text is not known either.
 */
export function hasTemplateActions(s: string): boolean {
  return s.includes('{{');
}
