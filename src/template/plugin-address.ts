import { goQuote } from '../text/go-quote';

/**
 * Plugin source addresses as Packer's hcl2template/addrs package reads them: `required_plugins`
 * sources (`github.com/hashicorp/docker`) and local names, with its rules and messages.
 */

export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

/**
 * addrs.ParsePluginPart: one part of a plugin address, folded and checked like a DNS label (Go's
 * idna.Lookup profile). ASCII is handled exactly: letters are lowercased, digits and inner dashes
 * are kept, anything else is a disallowed rune. Other characters are folded with NFKC and
 * lowercasing and must be letters, marks or digits, which approximates UTS #46 without its tables.
 */
export function parsePluginPart(given: string): Parsed<string> {
  if (given.length === 0) return { ok: false, message: 'must have at least one character' };
  if (given.includes('.')) return { ok: false, message: 'dots are not allowed' };
  if (given.includes('--')) return { ok: false, message: 'cannot use multiple consecutive dashes' };
  const idna = idnaLookupLabel(given);
  if (!idna.ok) {
    return {
      ok: false,
      message: `must contain only letters, digits, and dashes, and may not use leading or trailing dashes: ${idna.message}`,
    };
  }
  return idna;
}

function idnaLookupLabel(label: string): Parsed<string> {
  let mapped = '';
  for (const ch of label) {
    const cp = ch.codePointAt(0) as number;
    if (/[a-z0-9-]/.test(ch)) mapped += ch;
    else if (/[A-Z]/.test(ch)) mapped += ch.toLowerCase();
    else if (cp >= 0x80) {
      const folded = ch.normalize('NFKC').toLowerCase();
      if (!/^[\p{L}\p{M}\p{Nd}]+$/u.test(folded)) return { ok: false, message: disallowedRune(cp) };
      mapped += folded;
    } else return { ok: false, message: disallowedRune(cp) };
  }
  mapped = mapped.normalize('NFC');
  const invalid = { ok: false as const, message: `idna: invalid label ${goQuote(mapped)}` };
  if (mapped.length > 4 && mapped.slice(2, 4) === '--') return invalid;
  if (mapped.startsWith('-') || mapped.endsWith('-') || /^\p{M}/u.test(mapped)) return invalid;
  return { ok: true, value: mapped };
}

function disallowedRune(cp: number): string {
  return `idna: disallowed rune U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
}

/**
 * addrs.ParsePluginSourceString: `hostname/namespace/.../type`, at least three and at most sixteen
 * parts, no scheme, query or fragment, and a type that is a valid plugin part without the
 * `packer-` prefix.
 */
export function parsePluginSource(source: string): Parsed<string> {
  const errs: string[] = [];
  if (source.startsWith('/')) errs.push("A source URL must not start with a '/' character.");
  if (source.endsWith('/')) errs.push("A source URL must not end with a '/' character.");
  if ((source.match(/\//g) ?? []).length < 2) {
    errs.push('A source URL must at least contain a host and a path with 2 components');
  }
  const url = parseGoURL(source);
  if (!url.ok) errs.push(`Failed to parse source URL: ${url.message}`);
  else {
    if (url.value.scheme !== '') errs.push('A source URL must not contain a scheme (e.g. https://).');
    if (url.value.rawQuery !== '') errs.push('A source URL must not contain a query (e.g. ?var=val)');
    if (url.value.fragment !== '') errs.push('A source URL must not contain a fragment (e.g. #anchor).');
  }
  if (errs.length > 0) {
    return {
      ok: false,
      message:
        'The provided source URL is invalid.\nThe following errors have been discovered:\n' +
        errs.map((e) => `* ${e}\n`).join('') +
        '\nA valid source looks like "github.com/hashicorp/happycloud"',
    };
  }

  const givenName = source.slice(source.lastIndexOf('/') + 1);
  const part = parsePluginPart(givenName);
  // Packer's message has the stray closing quote too.
  if (!part.ok)
    return { ok: false, message: `Invalid plugin type ${goQuote(givenName)} in source: ${part.message}"` };

  const redundantPrefix = 'packer-';
  const userErrorPrefix = 'packer-plugin-';
  if (givenName.startsWith(redundantPrefix)) {
    if (givenName.startsWith(userErrorPrefix)) {
      const suggested = givenName.split(userErrorPrefix).join('');
      if (parsePluginPart(suggested).ok) {
        return {
          ok: false,
          message:
            `Plugin source has a type with the prefix ${goQuote(userErrorPrefix)}, which isn't valid.\n` +
            'Although that prefix is often used in the names of version control repositories for Packer plugins, plugin source strings should not include it.\n' +
            `\nDid you mean ${goQuote(suggested)}?`,
        };
      }
    }
    return {
      ok: false,
      message:
        `Plugin source has a type with the ${goQuote(redundantPrefix)} prefix, which isn't valid.\n` +
        'If you are the author of this plugin, rename it to not include the prefix.\n' +
        `Ex: ${goQuote(givenName.replace(redundantPrefix, ''))}`,
    };
  }

  const parts = source.split('/').filter((p) => p !== '').length;
  if (parts > 16) {
    return {
      ok: false,
      message:
        `The source URL must have at most 16 components, and the one provided has ${parts}.\n` +
        'This is unsupported by Packer, please consider using a source that has less components to it.\n' +
        'If this is a blocking issue for you, please open an issue to ask for supporting more components to the source URI.',
    };
  }
  return { ok: true, value: source };
}

interface GoURL {
  readonly scheme: string;
  readonly rawQuery: string;
  readonly fragment: string;
}

/**
 * The parts of Go's url.Parse that a plugin source can trip over: control characters, a scheme
 * (`https:`, or `host:port` read as one), a query, a fragment, a colon in the first path segment,
 * and malformed %-escapes, with net/url's error text.
 */
function parseGoURL(raw: string): Parsed<GoURL> {
  const hash = raw.indexOf('#');
  const u = hash < 0 ? raw : raw.slice(0, hash);
  const frag = hash < 0 ? '' : raw.slice(hash + 1);
  const fail = (text: string, message: string): Parsed<GoURL> => ({
    ok: false,
    message: `parse ${goQuote(text)}: ${message}`,
  });
  // eslint-disable-next-line no-control-regex
  if (/[\x00-\x1f\x7f]/.test(u)) return fail(u, 'net/url: invalid control character in URL');

  let scheme = '';
  let rest = u;
  for (let i = 0; i < u.length; i++) {
    const c = u[i];
    if (/[A-Za-z]/.test(c)) continue;
    if (/[0-9+.-]/.test(c)) {
      if (i === 0) break;
      continue;
    }
    if (c === ':') {
      if (i === 0) return fail(u, 'missing protocol scheme');
      scheme = u.slice(0, i);
      rest = u.slice(i + 1);
    }
    break;
  }

  let rawQuery = '';
  if (rest.endsWith('?') && rest.indexOf('?') === rest.length - 1) rest = rest.slice(0, -1);
  else {
    const q = rest.indexOf('?');
    if (q >= 0) {
      rawQuery = rest.slice(q + 1);
      rest = rest.slice(0, q);
    }
  }

  // An opaque URL (`host:port/...` read as scheme "host") is not looked at any further.
  if (!(scheme !== '' && !rest.startsWith('/'))) {
    if (scheme === '' && !rest.startsWith('/') && rest.split('/')[0].includes(':')) {
      return fail(u, 'first path segment in URL cannot contain colon');
    }
    const badPath = badEscape(rest);
    if (badPath !== undefined) return fail(u, `invalid URL escape ${goQuote(badPath)}`);
  }
  const badFragment = badEscape(frag);
  if (badFragment !== undefined) return fail(raw, `invalid URL escape ${goQuote(badFragment)}`);
  return { ok: true, value: { scheme, rawQuery, fragment: frag } };
}

/** The first malformed %-escape (as net/url quotes it: at most three characters), if any. */
function badEscape(s: string): string | undefined {
  for (let i = 0; i < s.length; i++) {
    if (s[i] !== '%') continue;
    if (!/^[0-9A-Fa-f]{2}$/.test(s.slice(i + 1, i + 3))) return s.slice(i, i + 3);
    i += 2;
  }
  return undefined;
}
