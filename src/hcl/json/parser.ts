import { type Diagnostic, type Diagnostics, errorDiag } from '../diagnostics';
import { nameSuggestion } from '../didyoumean';
import { type Pos, type Range, initialPos, rangeBetween } from '../pos';
import { goQuote } from '../../text/go-quote';
import { TOO_DEEP_DETAIL, TOO_DEEP_SUMMARY, isStackOverflow } from '../../text/stack-depth';
import type { JsonArray, JsonObject, JsonProperty, JsonValue } from './ast';
import { jsonStartRange } from './ast';
import { type JsonToken, scanJSON } from './scanner';
import { unescapeJSONString } from './unescape';

export interface JsonParseResult {
  readonly root: JsonValue;
  readonly diagnostics: Diagnostics;
}

/**
 * Parses a whole JSON document. Always returns a value: where the input is broken the parser reports
 * a diagnostic (with hcl's wording), skips to the end of the enclosing object or array and keeps
 * what it had, so that one run reports as much as possible.
 */
export function parseJSON(src: string, filename: string, start: Pos = initialPos): JsonParseResult {
  const p = new JsonParser(scanJSON(src, filename, start));
  let root: JsonValue;
  try {
    root = p.parseValue();
  } catch (e) {
    // Too deep for the stack (src/text/stack-depth.ts): reported where the parser had got to.
    if (!isStackOverflow(e)) throw e;
    const at = p.peek().range;
    p.diagnostics.push(errorDiag(TOO_DEEP_SUMMARY, TOO_DEEP_DETAIL, at));
    return { root: { kind: 'invalid', range: at }, diagnostics: p.diagnostics };
  }
  if (p.diagnostics.length === 0 && p.peek().type !== 'eof') {
    p.diagnostics.push(
      errorDiag(
        'Extraneous data after value',
        'Extra characters appear after the JSON value.',
        p.peek().range,
      ),
    );
  }
  return { root, diagnostics: p.diagnostics };
}

const NUMBER_SYNTAX = /^-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?$/;
const JAVASCRIPT_ONLY = new Set(['undefined', 'NaN', 'Infinity']);
const START_OF_VALUE = 'A JSON value must start with a brace, a bracket, a number, a string, or a keyword.';

class JsonParser {
  readonly diagnostics: Diagnostic[] = [];
  private index = 0;

  constructor(private readonly tokens: readonly JsonToken[]) {}

  peek(): JsonToken {
    return this.tokens[this.index];
  }

  private read(): JsonToken {
    const t = this.tokens[this.index];
    if (t.type !== 'eof') this.index++;
    return t;
  }

  private error(summary: string, detail: string, subject: Range, context?: Range): void {
    this.diagnostics.push(errorDiag(summary, detail, subject, context));
  }

  /** Parses one value. Never consumes a token that cannot start a value. */
  parseValue(): JsonValue {
    const tok = this.peek();
    switch (tok.type) {
      case '{':
        return this.parseObject();
      case '[':
        return this.parseArray();
      case 'number':
        return this.parseNumber();
      case 'string':
        return this.parseString();
      case 'keyword':
        return this.parseKeyword();
      case '}':
        this.error('Missing JSON value', START_OF_VALUE, tok.range);
        break;
      case ']':
        this.error('Missing array element value', START_OF_VALUE, tok.range);
        break;
      case 'eof':
        this.error('Missing value', 'The JSON data ends prematurely.', tok.range);
        break;
      default:
        this.error('Invalid start of value', START_OF_VALUE, tok.range);
    }
    return { kind: 'invalid', range: tok.range };
  }

  private parseObject(): JsonObject {
    const open = this.read();
    const properties: JsonProperty[] = [];
    const finish = (close: JsonToken): JsonObject => ({
      kind: 'object',
      properties,
      range: rangeBetween(open.range, close.range),
      openRange: open.range,
      closeRange: close.range,
    });

    while (this.peek().type !== '}') {
      const errorsBefore = this.diagnostics.length;
      const key = this.parseValue();
      if (key.kind !== 'string') {
        // An invalid key has been reported already; anything else needs its own explanation.
        if (this.diagnostics.length === errorsBefore) {
          this.error(
            'Invalid object property name',
            'A JSON object property name must be a string',
            jsonStartRange(key),
          );
        }
        return finish(this.recover());
      }

      const colon = this.peek();
      if (colon.type !== ':') {
        if (colon.type === '}' || colon.type === ',') {
          this.error(
            'Missing object value',
            'A JSON object attribute must have a value, introduced by a colon.',
            colon.range,
          );
        } else if (colon.type === '=') {
          this.error(
            'Missing property value colon',
            'JSON uses a colon as its name/value delimiter, not an equals sign.',
            colon.range,
          );
        } else {
          this.error(
            'Missing property value colon',
            "A colon must appear between an object property's name and its value.",
            colon.range,
          );
        }
        return finish(this.recover());
      }
      this.read();

      const value = this.parseValue();
      properties.push({ name: key.value, nameRange: key.range, value });

      const next = this.peek();
      switch (next.type) {
        case ',': {
          this.read();
          if (this.peek().type === '}') {
            this.error(
              'Trailing comma in object',
              'JSON does not permit a trailing comma after the final property in an object.',
              next.range,
            );
            return finish(this.read());
          }
          continue;
        }
        case '}':
          break;
        case 'eof':
          this.error('Unclosed object', 'No closing brace was found for this JSON object.', open.range);
          return finish(next);
        case ']':
          this.error(
            'Mismatched braces',
            'A JSON object must be closed with a brace, not a bracket.',
            next.range,
          );
          return finish(this.read());
        default:
          this.error(
            'Missing attribute seperator comma',
            'A comma must appear between each property definition in an object.',
            next.range,
          );
          return finish(this.recover());
      }
    }
    return finish(this.read());
  }

  private parseArray(): JsonArray {
    const open = this.read();
    const elements: JsonValue[] = [];
    const finish = (close: JsonToken): JsonArray => ({
      kind: 'array',
      elements,
      range: rangeBetween(open.range, close.range),
      openRange: open.range,
    });

    while (this.peek().type !== ']') {
      elements.push(this.parseValue());
      const next = this.peek();
      switch (next.type) {
        case ',': {
          this.read();
          if (this.peek().type === ']') {
            this.error(
              'Trailing comma in array',
              'JSON does not permit a trailing comma after the final value in an array.',
              next.range,
            );
            return finish(this.read());
          }
          continue;
        }
        case ']':
          break;
        case ':':
          this.error(
            'Invalid array value',
            'A colon is not used to introduce values in a JSON array.',
            next.range,
          );
          return finish(this.recover());
        case 'eof':
          // "Unclosed object" (sic) is what hcl says for arrays too.
          this.error('Unclosed object', 'No closing bracket was found for this JSON array.', open.range);
          return finish(next);
        case '}':
          this.error(
            'Mismatched brackets',
            'A JSON array must be closed with a bracket, not a brace.',
            next.range,
          );
          return finish(this.read());
        default:
          this.error(
            'Missing attribute seperator comma',
            'A comma must appear between each value in an array.',
            next.range,
          );
          return finish(this.recover());
      }
    }
    return finish(this.read());
  }

  /**
   * Skips to the token that closes the container being parsed (balancing nested containers) and
   * consumes it; at end of input returns the EOF token. The result is the closing token.
   */
  private recover(): JsonToken {
    let depth = 0;
    for (;;) {
      const t = this.read();
      if (t.type === 'eof') return t;
      if (t.type === '{' || t.type === '[') depth++;
      else if (t.type === '}' || t.type === ']') {
        if (depth === 0) return t;
        depth--;
      }
    }
  }

  private parseNumber(): JsonValue {
    const tok = this.read();
    if (!NUMBER_SYNTAX.test(tok.text)) {
      this.error('Invalid JSON number', 'There is a syntax error in the given JSON number.', tok.range);
      return { kind: 'invalid', range: tok.range };
    }
    return { kind: 'number', value: tok.text, range: tok.range };
  }

  private parseString(): JsonValue {
    const tok = this.read();
    const result = unescapeJSONString(tok.text);
    if (result.ok) return { kind: 'string', value: result.value, range: tok.range };
    const s = tok.range.start;
    const errStart: Pos = {
      line: s.line,
      column: s.column + result.columnOffset,
      byte: s.byte + result.byteOffset,
    };
    const errRange: Range = {
      filename: tok.range.filename,
      start: errStart,
      end: { line: errStart.line, column: errStart.column + 1, byte: errStart.byte + 1 },
    };
    this.error(
      'Invalid JSON string',
      'There is a syntax error in the given JSON string.',
      errRange,
      tok.range,
    );
    return { kind: 'invalid', range: tok.range };
  }

  private parseKeyword(): JsonValue {
    const tok = this.read();
    switch (tok.text) {
      case 'true':
        return { kind: 'bool', value: true, range: tok.range };
      case 'false':
        return { kind: 'bool', value: false, range: tok.range };
      case 'null':
        return { kind: 'null', range: tok.range };
    }
    if (JAVASCRIPT_ONLY.has(tok.text)) {
      this.error(
        'Invalid JSON keyword',
        `The JavaScript identifier ${goQuote(tok.text)} cannot be used in JSON.`,
        tok.range,
      );
    } else {
      const suggestion = nameSuggestion(tok.text, ['false', 'true', 'null']);
      const dym = suggestion === undefined ? '' : ` Did you mean ${goQuote(suggestion)}?`;
      this.error(
        'Invalid JSON keyword',
        `${goQuote(tok.text)} is not a valid JSON keyword.${dym}`,
        tok.range,
      );
    }
    return { kind: 'invalid', range: tok.range };
  }
}
