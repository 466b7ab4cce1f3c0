import { CancelledError } from '../../../src/engine/abort';
import type { SoapTransport } from '../../../src/communicators/winrm/transport';
import { WinRMHttpError } from '../../../src/communicators/winrm/transport';
import { findFirst, parseXml } from '../../../src/communicators/winrm/xml';

/**
 * A WinRM server in memory, behind the SoapTransport the shell and transfers use: it answers
 * Create, Command, Receive, Send, Signal and Delete as Windows does, and hands each command's text
 * to `run`, whose answer is given out over as many Receive answers as it has parts (an
 * `'timeout'` part is an OperationTimeout fault, as Windows gives when a command prints nothing
 * for OperationTimeout). It records every request.
 */

/** 'hang': no answer until the request is aborted; 'drop': the connection fails (ECONNRESET). */
export type Part =
  { readonly stdout?: string | Buffer; readonly stderr?: string | Buffer } | 'timeout' | 'hang' | 'drop';

export interface Answer {
  readonly parts?: readonly Part[];
  readonly exitCode?: number;
}

export interface Request {
  readonly action: string;
  readonly shellId?: string;
  readonly command?: string;
  readonly stdin?: Buffer;
  readonly eof?: boolean;
}

const TIMED_OUT = `<s:Envelope><s:Body><s:Fault><s:Code><s:Value>s:Receiver</s:Value><s:Subcode><s:Value>w:TimedOut</s:Value></s:Subcode></s:Code>
<s:Reason><s:Text>The WS-Management service cannot complete the operation within the time specified in OperationTimeout.</s:Text></s:Reason>
<s:Detail><f:WSManFault Code="2150858793"/></s:Detail></s:Fault></s:Body></s:Envelope>`;

export class FakeWinRM implements SoapTransport {
  readonly url = 'http://fake/wsman';
  readonly requests: Request[] = [];
  readonly openShells = new Set<string>();
  private shells = 0;
  private readonly pending = new Map<string, { parts: Part[]; exitCode: number }>();
  closed = false;

  constructor(private readonly run: (command: string, shellId: string) => Answer | Promise<Answer>) {}

  async post(envelope: string, signal?: AbortSignal): Promise<string> {
    const doc = parseXml(envelope);
    const action = (findFirst(doc, 'Action')?.text ?? '').replace(/^.*\//, '');
    const shellId = findFirst(doc, 'Selector')?.text;
    const ok = (body: string): string => `<s:Envelope><s:Body>${body}</s:Body></s:Envelope>`;
    switch (action) {
      case 'Create': {
        const id = `S-${++this.shells}`;
        this.openShells.add(id);
        this.requests.push({ action });
        return ok(`<rsp:Shell><rsp:ShellId>${id}</rsp:ShellId></rsp:Shell>`);
      }
      case 'Command': {
        const command = findFirst(doc, 'Command')?.text ?? '';
        this.requests.push({ action, shellId, command });
        const answer = await this.run(command, shellId ?? '');
        const id = `C-${this.requests.length}`;
        this.pending.set(id, { parts: [...(answer.parts ?? [])], exitCode: answer.exitCode ?? 0 });
        return ok(`<rsp:CommandResponse><rsp:CommandId>${id}</rsp:CommandId></rsp:CommandResponse>`);
      }
      case 'Send': {
        const stream = findFirst(doc, 'Stream');
        this.requests.push({
          action,
          shellId,
          stdin: Buffer.from(stream?.text ?? '', 'base64'),
          eof: stream?.attrs.End === 'true',
        });
        return ok('<rsp:SendResponse/>');
      }
      case 'Receive': {
        this.requests.push({ action, shellId });
        const id = findFirst(doc, 'DesiredStream')?.attrs.CommandId ?? '';
        const state = this.pending.get(id);
        if (state === undefined) throw new Error(`no command ${id}`);
        const part = state.parts.shift();
        if (part === 'hang') {
          await new Promise((_, reject) =>
            signal?.addEventListener('abort', () => reject(new CancelledError()), { once: true }),
          );
        }
        if (part === 'drop') {
          throw new Error('unknown error Post "http://fake/wsman": socket hang up', {
            cause: Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }),
          });
        }
        if (part === 'timeout')
          throw new WinRMHttpError(
            500,
            TIMED_OUT,
            { subcode: 'TimedOut', reason: '', wsmanCode: '2150858793' },
            'http error 500',
          );
        const b64 = (s: string | Buffer | undefined): string => Buffer.from(s ?? '').toString('base64');
        const streams =
          typeof part !== 'object'
            ? ''
            : `<rsp:Stream Name="stdout" CommandId="${id}">${b64(part.stdout)}</rsp:Stream><rsp:Stream Name="stderr" CommandId="${id}">${b64(part.stderr)}</rsp:Stream>`;
        const done = state.parts.length === 0;
        const commandState = done
          ? `<rsp:CommandState CommandId="${id}" State="http://schemas.microsoft.com/wbem/wsman/1/windows/shell/CommandState/Done"><rsp:ExitCode>${state.exitCode}</rsp:ExitCode></rsp:CommandState>`
          : `<rsp:CommandState CommandId="${id}" State="http://schemas.microsoft.com/wbem/wsman/1/windows/shell/CommandState/Running"/>`;
        return ok(`<rsp:ReceiveResponse>${streams}${commandState}</rsp:ReceiveResponse>`);
      }
      case 'Signal':
        this.requests.push({ action, shellId });
        return ok('<rsp:SignalResponse/>');
      case 'Delete':
        this.requests.push({ action, shellId });
        this.openShells.delete(shellId ?? '');
        return '';
      default:
        throw new Error(`unexpected action ${action}`);
    }
  }

  close(): void {
    this.closed = true;
  }

  /** The commands run, in order. */
  commands(): string[] {
    return this.requests.filter((r) => r.command !== undefined).map((r) => r.command as string);
  }
}
