import { randomUUID } from 'node:crypto';

import { type XmlElement, escapeXml, findAll, findFirst, parseXml } from './xml';

/**
 * The WS-Management SOAP messages of the Windows Remote Shell (MS-WSMV): open a shell, run a command
 * in it, send its input, receive its output, signal it, delete the shell; and the parsing of the
 * answers. The headers are those masterzen/winrm (Packer's WinRM client) sends, so a server that
 * answers Packer answers Kiln.
 */

const NS = {
  env: 'http://www.w3.org/2003/05/soap-envelope',
  a: 'http://schemas.xmlsoap.org/ws/2004/08/addressing',
  w: 'http://schemas.dmtf.org/wbem/wsman/1/wsman.xsd',
  p: 'http://schemas.microsoft.com/wbem/wsman/1/wsman.xsd',
  rsp: 'http://schemas.microsoft.com/wbem/wsman/1/windows/shell',
} as const;

const SHELL_RESOURCE = 'http://schemas.microsoft.com/wbem/wsman/1/windows/shell/cmd';
const ACTION = {
  create: 'http://schemas.xmlsoap.org/ws/2004/09/transfer/Create',
  delete: 'http://schemas.xmlsoap.org/ws/2004/09/transfer/Delete',
  command: 'http://schemas.microsoft.com/wbem/wsman/1/windows/shell/Command',
  receive: 'http://schemas.microsoft.com/wbem/wsman/1/windows/shell/Receive',
  send: 'http://schemas.microsoft.com/wbem/wsman/1/windows/shell/Send',
  signal: 'http://schemas.microsoft.com/wbem/wsman/1/windows/shell/Signal',
} as const;
const TERMINATE = 'http://schemas.microsoft.com/wbem/wsman/1/windows/shell/signal/terminate';
const DONE = 'http://schemas.microsoft.com/wbem/wsman/1/windows/shell/CommandState/Done';

export interface WsmanParameters {
  /** The endpoint URL, `http(s)://host:port/wsman`. */
  readonly url: string;
  /** OperationTimeout as an ISO 8601 duration (`PT60S`). */
  readonly operationTimeout: string;
  readonly locale: string;
  readonly maxEnvelopeSize: number;
}

/** masterzen/winrm's DefaultParameters. */
export const DEFAULT_LOCALE = 'en-US';
export const DEFAULT_MAX_ENVELOPE_SIZE = 153600;

interface Header {
  readonly action: string;
  readonly shellId?: string;
  readonly options?: readonly (readonly [string, string])[];
  /** A fixed MessageID (tests); a new UUID otherwise. */
  readonly messageId?: string;
}

function envelope(p: WsmanParameters, h: Header, body: string): string {
  const selector =
    h.shellId === undefined
      ? ''
      : `<w:SelectorSet><w:Selector Name="ShellId">${escapeXml(h.shellId)}</w:Selector></w:SelectorSet>`;
  const options =
    h.options === undefined || h.options.length === 0
      ? ''
      : `<w:OptionSet>${h.options
          .map(([name, value]) => `<w:Option Name="${escapeXml(name)}">${escapeXml(value)}</w:Option>`)
          .join('')}</w:OptionSet>`;
  const xmlns = Object.entries(NS)
    .map(([prefix, uri]) => `xmlns:${prefix}="${uri}"`)
    .join(' ');
  return (
    `<env:Envelope ${xmlns}><env:Header>` +
    `<a:To>${escapeXml(p.url)}</a:To>` +
    `<a:ReplyTo><a:Address mustUnderstand="true">http://schemas.xmlsoap.org/ws/2004/08/addressing/role/anonymous</a:Address></a:ReplyTo>` +
    `<w:MaxEnvelopeSize mustUnderstand="true">${p.maxEnvelopeSize}</w:MaxEnvelopeSize>` +
    `<w:OperationTimeout>${escapeXml(p.operationTimeout)}</w:OperationTimeout>` +
    `<a:MessageID>${escapeXml(h.messageId ?? `uuid:${randomUUID()}`)}</a:MessageID>` +
    `<w:Locale mustUnderstand="false" xml:lang="${escapeXml(p.locale)}"/>` +
    `<p:DataLocale mustUnderstand="false" xml:lang="${escapeXml(p.locale)}"/>` +
    `<a:Action mustUnderstand="true">${h.action}</a:Action>` +
    selector +
    `<w:ResourceURI mustUnderstand="true">${SHELL_RESOURCE}</w:ResourceURI>` +
    options +
    `</env:Header><env:Body>${body}</env:Body></env:Envelope>`
  );
}

/** Text inside CDATA, so `&` and `<` in a command need no escaping; `]]>` is split across sections. */
function cdata(s: string): string {
  return `<![CDATA[${s.replace(/]]>/g, ']]]]><![CDATA[>')}]]>`;
}

export function openShellMessage(p: WsmanParameters, messageId?: string): string {
  return envelope(
    p,
    {
      action: ACTION.create,
      messageId,
      options: [
        ['WINRS_NOPROFILE', 'FALSE'],
        ['WINRS_CODEPAGE', '65001'],
      ],
    },
    '<rsp:Shell><rsp:InputStreams>stdin</rsp:InputStreams><rsp:OutputStreams>stdout stderr</rsp:OutputStreams></rsp:Shell>',
  );
}

export function commandMessage(
  p: WsmanParameters,
  shellId: string,
  command: string,
  args: readonly string[] = [],
  messageId?: string,
): string {
  return envelope(
    p,
    {
      action: ACTION.command,
      shellId,
      messageId,
      options: [
        ['WINRS_CONSOLEMODE_STDIN', 'TRUE'],
        ['WINRS_SKIP_CMD_SHELL', 'FALSE'],
      ],
    },
    `<rsp:CommandLine><rsp:Command>${cdata(command)}</rsp:Command>${args
      .map((a) => `<rsp:Arguments>${cdata(a)}</rsp:Arguments>`)
      .join('')}</rsp:CommandLine>`,
  );
}

export function receiveMessage(
  p: WsmanParameters,
  shellId: string,
  commandId: string,
  messageId?: string,
): string {
  return envelope(
    p,
    { action: ACTION.receive, shellId, messageId },
    `<rsp:Receive><rsp:DesiredStream CommandId="${escapeXml(commandId)}">stdout stderr</rsp:DesiredStream></rsp:Receive>`,
  );
}

export function sendInputMessage(
  p: WsmanParameters,
  shellId: string,
  commandId: string,
  input: Buffer,
  eof: boolean,
  messageId?: string,
): string {
  const end = eof ? ' End="true"' : '';
  return envelope(
    p,
    { action: ACTION.send, shellId, messageId },
    `<rsp:Send><rsp:Stream Name="stdin" CommandId="${escapeXml(commandId)}"${end}>${input.toString('base64')}</rsp:Stream></rsp:Send>`,
  );
}

export function signalMessage(
  p: WsmanParameters,
  shellId: string,
  commandId: string,
  messageId?: string,
): string {
  return envelope(
    p,
    { action: ACTION.signal, shellId, messageId },
    `<rsp:Signal CommandId="${escapeXml(commandId)}"><rsp:Code>${TERMINATE}</rsp:Code></rsp:Signal>`,
  );
}

export function deleteShellMessage(p: WsmanParameters, shellId: string, messageId?: string): string {
  return envelope(p, { action: ACTION.delete, shellId, messageId }, '');
}

// ---------------------------------------------------------------------------------------------
// Answers

/**
 * The new shell's ID: Windows puts it in the body (`rsp:ShellId`) and in the ResourceCreated
 * reference's selector; winrmtest only in the body.
 */
export function parseShellId(xml: string): string {
  const doc = parseXml(xml);
  const selector = findAll(doc, 'Selector').find((s) => s.attrs.Name === 'ShellId');
  const id = findFirst(doc, 'ShellId')?.text.trim() ?? selector?.text.trim();
  if (id === undefined || id === '') throw new Error('the WinRM server answered Create without a ShellId');
  return id;
}

export function parseCommandId(xml: string): string {
  const id = findFirst(parseXml(xml), 'CommandId')?.text.trim();
  if (id === undefined || id === '') throw new Error('the WinRM server answered Command without a CommandId');
  return id;
}

export interface ReceivedOutput {
  readonly stdout: Buffer;
  readonly stderr: Buffer;
  /** The command has ended (CommandState Done). */
  readonly done: boolean;
  /** Its exit code, when done (0 when the server gave none, as masterzen/winrm reads it). */
  readonly exitCode: number;
}

export function parseReceive(xml: string): ReceivedOutput {
  const doc = parseXml(xml);
  const stream = (name: string): Buffer =>
    Buffer.concat(
      findAll(doc, 'Stream')
        .filter((s) => s.attrs.Name === name)
        .map((s) => Buffer.from(s.text.trim(), 'base64')),
    );
  const state = findAll(doc, 'CommandState').find((s) => s.attrs.State === DONE);
  const exit = state === undefined ? undefined : findFirst(state, 'ExitCode');
  const exitCode = exit === undefined ? 0 : Number.parseInt(exit.text.trim(), 10);
  return {
    stdout: stream('stdout'),
    stderr: stream('stderr'),
    done: state !== undefined,
    exitCode: Number.isNaN(exitCode) ? 0 : exitCode,
  };
}

export interface SoapFault {
  /** The fault's subcode (`w:TimedOut`), local name only. */
  readonly subcode: string;
  /** The reason text, or the WS-Management fault message. */
  readonly reason: string;
  /** The WSManFault code attribute (`2150858793`), when present. */
  readonly wsmanCode?: string;
}

/** A SOAP fault in an answer, or undefined (an answer that is not XML has none). */
export function parseFault(xml: string): SoapFault | undefined {
  let doc: XmlElement;
  try {
    doc = parseXml(xml);
  } catch {
    return undefined;
  }
  const fault = findFirst(doc, 'Fault');
  if (fault === undefined) return undefined;
  const subcodeValue = findFirst(findFirst(fault, 'Subcode') ?? fault, 'Value');
  const wsman = findFirst(fault, 'WSManFault');
  const message = wsman === undefined ? undefined : findFirst(wsman, 'Message');
  const reasonText = findFirst(findFirst(fault, 'Reason') ?? fault, 'Text');
  const text = (e: XmlElement | undefined): string =>
    e === undefined ? '' : (e.text + e.children.map((c) => text(c)).join('')).trim();
  return {
    subcode: (subcodeValue?.text.trim() ?? '').replace(/^.*:/, ''),
    reason: text(message) || text(reasonText),
    ...(wsman?.attrs.Code !== undefined ? { wsmanCode: wsman.attrs.Code } : {}),
  };
}

/**
 * A Receive that found no output within OperationTimeout: not an error, the client asks again
 * (WSManFault 2150858793, subcode w:TimedOut).
 */
export function isOperationTimeout(fault: SoapFault): boolean {
  return fault.subcode === 'TimedOut' || fault.wsmanCode === '2150858793';
}

/** A Go duration in milliseconds as the ISO 8601 duration WS-Management wants (`PT30M`, `PT1M30.5S`). */
export function isoDuration(ms: number): string {
  if (ms <= 0) return 'PT0S';
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor((ms % 3_600_000) / 60_000);
  const s = (ms % 60_000) / 1000;
  return `PT${h > 0 ? `${h}H` : ''}${m > 0 ? `${m}M` : ''}${s > 0 ? `${s}S` : ''}`;
}
