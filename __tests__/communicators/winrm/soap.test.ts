import {
  commandMessage,
  deleteShellMessage,
  isOperationTimeout,
  isoDuration,
  openShellMessage,
  parseCommandId,
  parseFault,
  parseReceive,
  parseShellId,
  receiveMessage,
  sendInputMessage,
  signalMessage,
} from '../../../src/communicators/winrm/soap';
import { findAll, findFirst, parseXml } from '../../../src/communicators/winrm/xml';

/**
 * The WS-Management messages Kiln sends, against the forms masterzen/winrm (Packer's client)
 * sends (written out by hand from its request.go and soap/header.go), and the parsing of answers
 * in the forms Windows and winrmtest give.
 */

const P = {
  url: 'http://127.0.0.1:5985/wsman',
  operationTimeout: 'PT30M',
  locale: 'en-US',
  maxEnvelopeSize: 153600,
};
const ID = 'uuid:00000000-0000-4000-8000-000000000001';

const HEADER_START =
  '<env:Envelope xmlns:env="http://www.w3.org/2003/05/soap-envelope" xmlns:a="http://schemas.xmlsoap.org/ws/2004/08/addressing" ' +
  'xmlns:w="http://schemas.dmtf.org/wbem/wsman/1/wsman.xsd" xmlns:p="http://schemas.microsoft.com/wbem/wsman/1/wsman.xsd" ' +
  'xmlns:rsp="http://schemas.microsoft.com/wbem/wsman/1/windows/shell"><env:Header>' +
  '<a:To>http://127.0.0.1:5985/wsman</a:To>' +
  '<a:ReplyTo><a:Address mustUnderstand="true">http://schemas.xmlsoap.org/ws/2004/08/addressing/role/anonymous</a:Address></a:ReplyTo>' +
  '<w:MaxEnvelopeSize mustUnderstand="true">153600</w:MaxEnvelopeSize>' +
  '<w:OperationTimeout>PT30M</w:OperationTimeout>' +
  `<a:MessageID>${ID}</a:MessageID>` +
  '<w:Locale mustUnderstand="false" xml:lang="en-US"/><p:DataLocale mustUnderstand="false" xml:lang="en-US"/>';
const CMD_RESOURCE =
  '<w:ResourceURI mustUnderstand="true">http://schemas.microsoft.com/wbem/wsman/1/windows/shell/cmd</w:ResourceURI>';
const SELECTOR = '<w:SelectorSet><w:Selector Name="ShellId">S-1</w:Selector></w:SelectorSet>';

describe('requests', () => {
  it('opens a shell with stdin and stdout/stderr streams, no profile, UTF-8', () => {
    expect(openShellMessage(P, ID)).toBe(
      HEADER_START +
        '<a:Action mustUnderstand="true">http://schemas.xmlsoap.org/ws/2004/09/transfer/Create</a:Action>' +
        CMD_RESOURCE +
        '<w:OptionSet><w:Option Name="WINRS_NOPROFILE">FALSE</w:Option><w:Option Name="WINRS_CODEPAGE">65001</w:Option></w:OptionSet>' +
        '</env:Header><env:Body><rsp:Shell><rsp:InputStreams>stdin</rsp:InputStreams><rsp:OutputStreams>stdout stderr</rsp:OutputStreams></rsp:Shell></env:Body></env:Envelope>',
    );
  });

  it('runs a command in the shell, its text in CDATA', () => {
    expect(commandMessage(P, 'S-1', 'dir & echo <x>', [], ID)).toBe(
      HEADER_START +
        '<a:Action mustUnderstand="true">http://schemas.microsoft.com/wbem/wsman/1/windows/shell/Command</a:Action>' +
        SELECTOR +
        CMD_RESOURCE +
        '<w:OptionSet><w:Option Name="WINRS_CONSOLEMODE_STDIN">TRUE</w:Option><w:Option Name="WINRS_SKIP_CMD_SHELL">FALSE</w:Option></w:OptionSet>' +
        '</env:Header><env:Body><rsp:CommandLine><rsp:Command><![CDATA[dir & echo <x>]]></rsp:Command></rsp:CommandLine></env:Body></env:Envelope>',
    );
  });

  it('keeps any command text intact, a CDATA terminator included', () => {
    const text = 'echo ]]> & "quoted" <tag> ]]]]> \u00e9\u4e2d';
    const doc = parseXml(commandMessage(P, 'S-1', text, ['a]]>b']));
    expect(findFirst(doc, 'Command')?.text).toBe(text);
    expect(findFirst(doc, 'Arguments')?.text).toBe('a]]>b');
  });

  it('receives, sends input, signals terminate and deletes the shell', () => {
    expect(receiveMessage(P, 'S-1', 'C-1', ID)).toBe(
      HEADER_START +
        '<a:Action mustUnderstand="true">http://schemas.microsoft.com/wbem/wsman/1/windows/shell/Receive</a:Action>' +
        SELECTOR +
        CMD_RESOURCE +
        '</env:Header><env:Body><rsp:Receive><rsp:DesiredStream CommandId="C-1">stdout stderr</rsp:DesiredStream></rsp:Receive></env:Body></env:Envelope>',
    );
    expect(sendInputMessage(P, 'S-1', 'C-1', Buffer.from('hi\n'), true, ID)).toContain(
      '<env:Body><rsp:Send><rsp:Stream Name="stdin" CommandId="C-1" End="true">aGkK</rsp:Stream></rsp:Send></env:Body>',
    );
    expect(sendInputMessage(P, 'S-1', 'C-1', Buffer.from('hi\n'), false, ID)).toContain(
      '<rsp:Stream Name="stdin" CommandId="C-1">aGkK</rsp:Stream>',
    );
    expect(signalMessage(P, 'S-1', 'C-1', ID)).toBe(
      HEADER_START +
        '<a:Action mustUnderstand="true">http://schemas.microsoft.com/wbem/wsman/1/windows/shell/Signal</a:Action>' +
        SELECTOR +
        CMD_RESOURCE +
        '</env:Header><env:Body><rsp:Signal CommandId="C-1"><rsp:Code>http://schemas.microsoft.com/wbem/wsman/1/windows/shell/signal/terminate</rsp:Code></rsp:Signal></env:Body></env:Envelope>',
    );
    expect(deleteShellMessage(P, 'S-1', ID)).toBe(
      HEADER_START +
        '<a:Action mustUnderstand="true">http://schemas.xmlsoap.org/ws/2004/09/transfer/Delete</a:Action>' +
        SELECTOR +
        CMD_RESOURCE +
        '</env:Header><env:Body></env:Body></env:Envelope>',
    );
  });

  it('gives every message an ID of its own', () => {
    const ids = [openShellMessage(P), openShellMessage(P)].map(
      (m) => findFirst(parseXml(m), 'MessageID')?.text,
    );
    expect(ids[0]).toMatch(/^uuid:[0-9a-f-]{36}$/);
    expect(ids[0]).not.toBe(ids[1]);
  });

  it('escapes what goes into attributes and text', () => {
    const doc = parseXml(receiveMessage({ ...P, url: 'http://h/wsman?a=1&b="2"' }, 'S<1>', 'C&1'));
    expect(findFirst(doc, 'To')?.text).toBe('http://h/wsman?a=1&b="2"');
    expect(findFirst(doc, 'Selector')?.text).toBe('S<1>');
    expect(findFirst(doc, 'DesiredStream')?.attrs.CommandId).toBe('C&1');
  });
});

// An answer to Create as Windows gives it (prefixes as Windows Server 2022 writes them).
const WINDOWS_CREATED = `<?xml version="1.0" encoding="UTF-8"?>
<s:Envelope xml:lang="en-US" xmlns:s="http://www.w3.org/2003/05/soap-envelope" xmlns:a="http://schemas.xmlsoap.org/ws/2004/08/addressing" xmlns:x="http://schemas.xmlsoap.org/ws/2004/09/transfer" xmlns:w="http://schemas.dmtf.org/wbem/wsman/1/wsman.xsd" xmlns:rsp="http://schemas.microsoft.com/wbem/wsman/1/windows/shell">
  <s:Header><a:Action>http://schemas.xmlsoap.org/ws/2004/09/transfer/CreateResponse</a:Action></s:Header>
  <s:Body>
    <x:ResourceCreated><a:Address>http://host:5985/wsman</a:Address><a:ReferenceParameters>
      <w:ResourceURI>http://schemas.microsoft.com/wbem/wsman/1/windows/shell/cmd</w:ResourceURI>
      <w:SelectorSet><w:Selector Name="ShellId">4F1A93A4-8C9D-4F5E-A3E2-1B2C3D4E5F60</w:Selector></w:SelectorSet>
    </a:ReferenceParameters></x:ResourceCreated>
    <rsp:Shell xmlns:rsp="http://schemas.microsoft.com/wbem/wsman/1/windows/shell"><rsp:ShellId>4F1A93A4-8C9D-4F5E-A3E2-1B2C3D4E5F60</rsp:ShellId></rsp:Shell>
  </s:Body>
</s:Envelope>`;

describe('answers', () => {
  it("reads the shell's ID as Windows and winrmtest give it", () => {
    expect(parseShellId(WINDOWS_CREATED)).toBe('4F1A93A4-8C9D-4F5E-A3E2-1B2C3D4E5F60');
    expect(parseShellId(WINDOWS_CREATED.replace(/<rsp:Shell .*<\/rsp:Shell>/, ''))).toBe(
      '4F1A93A4-8C9D-4F5E-A3E2-1B2C3D4E5F60',
    );
    expect(
      parseShellId(
        '<env:Envelope xmlns:env="http://www.w3.org/2003/05/soap-envelope" xmlns:rsp="x"><rsp:ShellId>123</rsp:ShellId></env:Envelope>',
      ),
    ).toBe('123');
    expect(() => parseShellId('<e/>')).toThrow('the WinRM server answered Create without a ShellId');
  });

  it("reads the command's ID", () => {
    expect(
      parseCommandId(
        '<s:Envelope><s:Body><rsp:CommandResponse><rsp:CommandId> C-9 </rsp:CommandId></rsp:CommandResponse></s:Body></s:Envelope>',
      ),
    ).toBe('C-9');
    expect(() => parseCommandId('<e/>')).toThrow('without a CommandId');
  });

  it('joins the output streams in order and reads the exit code once the command is done', () => {
    const b = (s: string): string => Buffer.from(s).toString('base64');
    const running = `<s:Envelope><s:Body><rsp:ReceiveResponse>
      <rsp:Stream Name="stdout" CommandId="C">${b('one ')}</rsp:Stream>
      <rsp:Stream Name="stderr" CommandId="C">${b('warn')}</rsp:Stream>
      <rsp:Stream Name="stdout" CommandId="C">${b('two')}</rsp:Stream>
      <rsp:CommandState CommandId="C" State="http://schemas.microsoft.com/wbem/wsman/1/windows/shell/CommandState/Running"/>
    </rsp:ReceiveResponse></s:Body></s:Envelope>`;
    const r = parseReceive(running);
    expect(r.stdout.toString()).toBe('one two');
    expect(r.stderr.toString()).toBe('warn');
    expect(r.done).toBe(false);

    const done = `<s:Envelope><s:Body><rsp:ReceiveResponse>
      <rsp:Stream Name="stdout" CommandId="C" End="true"></rsp:Stream>
      <rsp:Stream Name="stderr" CommandId="C" End="true"></rsp:Stream>
      <rsp:CommandState CommandId="C" State="http://schemas.microsoft.com/wbem/wsman/1/windows/shell/CommandState/Done"><rsp:ExitCode>259</rsp:ExitCode></rsp:CommandState>
    </rsp:ReceiveResponse></s:Body></s:Envelope>`;
    expect(parseReceive(done)).toEqual({
      stdout: Buffer.alloc(0),
      stderr: Buffer.alloc(0),
      done: true,
      exitCode: 259,
    });
    expect(parseReceive(done.replace(/<rsp:ExitCode>259<\/rsp:ExitCode>/, '')).exitCode).toBe(0);
  });

  it('tells an OperationTimeout fault (ask again) from other faults', () => {
    const fault = (code: string, subcode: string, message: string): string => `<s:Envelope><s:Body><s:Fault>
      <s:Code><s:Value>s:Receiver</s:Value><s:Subcode><s:Value>${subcode}</s:Value></s:Subcode></s:Code>
      <s:Reason><s:Text xml:lang="en-US">The WS-Management service cannot process the request.</s:Text></s:Reason>
      <s:Detail><f:WSManFault xmlns:f="http://schemas.microsoft.com/wbem/wsman/1/wsmanfault" Code="${code}" Machine="host"><f:Message>${message}</f:Message></f:WSManFault></s:Detail>
    </s:Fault></s:Body></s:Envelope>`;
    const timedOut = parseFault(
      fault(
        '2150858793',
        'w:TimedOut',
        'The WS-Management service cannot complete the operation within the time specified in OperationTimeout.',
      ),
    );
    expect(timedOut).toEqual({
      subcode: 'TimedOut',
      reason:
        'The WS-Management service cannot complete the operation within the time specified in OperationTimeout.',
      wsmanCode: '2150858793',
    });
    expect(isOperationTimeout(timedOut!)).toBe(true);
    const gone = parseFault(
      fault(
        '2150858843',
        'w:InvalidSelectors',
        'The request for the Windows Remote Shell with ShellId S failed because the shell was not found on the server.',
      ),
    );
    expect(gone?.reason).toContain('the shell was not found');
    expect(isOperationTimeout(gone!)).toBe(false);
    expect(parseFault('not xml <')).toBeUndefined();
    expect(parseFault('<e/>')).toBeUndefined();
  });

  it('writes OperationTimeout as ISO 8601 durations, as Packer formats winrm_timeout', () => {
    expect(isoDuration(30 * 60_000)).toBe('PT30M');
    expect(isoDuration(90_500)).toBe('PT1M30.5S');
    expect(isoDuration(2 * 3_600_000 + 5_000)).toBe('PT2H5S');
    expect(isoDuration(0)).toBe('PT0S');
  });
});

describe('the XML reader', () => {
  it('reads local names, attributes, entities, CDATA, and skips comments and declarations', () => {
    const doc = parseXml(
      `<?xml version="1.0"?><!-- c --><a:Root x:k='v&amp;w' n="&#65;&#x42;"><b>1 &lt; 2</b><c/><![CDATA[<raw>]]><b>&quot;&apos;&gt;</b></a:Root>`,
    );
    expect(doc.name).toBe('Root');
    expect(doc.attrs).toEqual({ k: 'v&w', n: 'AB' });
    expect(findAll(doc, 'b').map((e) => e.text)).toEqual(['1 < 2', `"'>`]);
    expect(doc.text).toBe('<raw>');
    expect(findFirst(doc, 'c')?.children).toEqual([]);
  });

  it('refuses malformed documents', () => {
    expect(() => parseXml('<a><b></a>')).toThrow('unexpected </a>');
    expect(() => parseXml('<a>')).toThrow('unclosed <a>');
    expect(() => parseXml('<a/><b/>')).toThrow('expected one root element');
    expect(() => parseXml('<a><![CDATA[x</a>')).toThrow('unterminated CDATA');
  });
});
