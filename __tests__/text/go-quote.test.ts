import { goQuote, goQuoteRune } from '../../src/text/go-quote';

describe('goQuote (Go strconv.Quote, as %q in HCL messages)', () => {
  it.each([
    ['name', '"name"'],
    ['say "hi"\\', '"say \\"hi\\"\\\\"'],
    ['tab\there\nnl\x07\x01\x7f', '"tab\\there\\nnl\\a\\x01\\x7f"'],
    // Printable Unicode stays; runes unicode.IsPrint rejects are escaped (checked with packer console:
    // `{for x in ["\u00a0", "\u00a0"] : x => x}` reports the key as "\u00a0").
    ['é☃😀', '"é☃😀"'],
    ['\u00a0\u00ad\u2028', '"\\u00a0\\u00ad\\u2028"'],
    ['\u{e0001}', '"\\U000e0001"'],
  ])('%j → %s', (s, want) => {
    expect(goQuote(s)).toBe(want);
  });
});

describe('goQuoteRune (Go strconv.QuoteRune)', () => {
  it.each([
    ['a', "'a'"],
    ["'", "'\\''"],
    ['"', `'"'`],
    ['\n', "'\\n'"],
    ['\u00a0', "'\\u00a0'"],
  ])('%j → %s', (ch, want) => {
    expect(goQuoteRune(ch)).toBe(want);
  });
});
