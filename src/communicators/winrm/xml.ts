/**
 * Just enough XML for WS-Management answers: elements, attributes, text, CDATA and the predefined
 * and numeric entities, read into a tree of local names (namespace prefixes dropped: a server may
 * pick any prefix, and the names WinRM uses do not collide across its namespaces). Comments,
 * processing instructions and the declaration are skipped. Malformed input throws.
 */

export interface XmlElement {
  /** The local name (`Stream` for `rsp:Stream`). */
  readonly name: string;
  /** Attributes by local name (`xml:lang` → `lang`). */
  readonly attrs: Readonly<Record<string, string>>;
  readonly children: readonly XmlElement[];
  /** The element's own text (not its descendants'), entities decoded. */
  readonly text: string;
}

interface MutableElement {
  name: string;
  attrs: Record<string, string>;
  children: MutableElement[];
  text: string;
}

const localName = (qname: string): string => qname.slice(qname.indexOf(':') + 1);

function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|amp|lt|gt|quot|apos);/g, (_, e: string) => {
    if (e.startsWith('#x')) return String.fromCodePoint(parseInt(e.slice(2), 16));
    if (e.startsWith('#')) return String.fromCodePoint(parseInt(e.slice(1), 10));
    return { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }[e] as string;
  });
}

const ATTR = /([^\s=/>]+)\s*=\s*("([^"]*)"|'([^']*)')/g;

export function parseXml(text: string): XmlElement {
  const root: MutableElement = { name: '', attrs: {}, children: [], text: '' };
  const stack: MutableElement[] = [root];
  let i = 0;
  const fail = (why: string): never => {
    throw new Error(`invalid XML at offset ${i}: ${why}`);
  };
  while (i < text.length) {
    const lt = text.indexOf('<', i);
    const top = stack[stack.length - 1];
    if (lt < 0) {
      if (text.slice(i).trim() !== '' && stack.length > 1) fail('unclosed element');
      top.text += decodeEntities(text.slice(i));
      break;
    }
    top.text += decodeEntities(text.slice(i, lt));
    i = lt;
    if (text.startsWith('<![CDATA[', i)) {
      const end = text.indexOf(']]>', i);
      if (end < 0) fail('unterminated CDATA');
      top.text += text.slice(i + 9, end);
      i = end + 3;
    } else if (text.startsWith('<!--', i)) {
      const end = text.indexOf('-->', i);
      if (end < 0) fail('unterminated comment');
      i = end + 3;
    } else if (text.startsWith('<?', i) || text.startsWith('<!', i)) {
      const end = text.indexOf('>', i);
      if (end < 0) fail('unterminated declaration');
      i = end + 1;
    } else if (text.startsWith('</', i)) {
      const end = text.indexOf('>', i);
      if (end < 0) fail('unterminated end tag');
      const name = localName(text.slice(i + 2, end).trim());
      if (stack.length < 2 || top.name !== name) fail(`unexpected </${name}>`);
      stack.pop();
      i = end + 1;
    } else {
      const end = text.indexOf('>', i);
      if (end < 0) fail('unterminated start tag');
      let body = text.slice(i + 1, end);
      const selfClosing = body.endsWith('/');
      if (selfClosing) body = body.slice(0, -1);
      const nameEnd = body.search(/\s|$/);
      const element: MutableElement = {
        name: localName(body.slice(0, nameEnd)),
        attrs: {},
        children: [],
        text: '',
      };
      for (const m of body.slice(nameEnd).matchAll(ATTR)) {
        element.attrs[localName(m[1])] = decodeEntities(m[3] ?? m[4] ?? '');
      }
      top.children.push(element);
      if (!selfClosing) stack.push(element);
      i = end + 1;
    }
  }
  if (stack.length > 1) fail(`unclosed <${stack[stack.length - 1].name}>`);
  if (root.children.length !== 1) fail('expected one root element');
  return root.children[0];
}

/** Every element named `name` below (and including) `element`, in document order. */
export function findAll(element: XmlElement, name: string): XmlElement[] {
  const found: XmlElement[] = [];
  const walk = (e: XmlElement): void => {
    if (e.name === name) found.push(e);
    e.children.forEach(walk);
  };
  walk(element);
  return found;
}

export function findFirst(element: XmlElement, name: string): XmlElement | undefined {
  return findAll(element, name)[0];
}

export function escapeXml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
