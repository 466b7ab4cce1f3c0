import type { Duplex } from 'node:stream';

import { INVALID_REQUEST_BODY, encodeMessage, isRequestHeader, readMessages } from './codec';

/** One method Kiln serves to a plugin: the decoded argument in, the reply body out. */
export type RpcMethod = (args: unknown) => unknown;

/** A service's methods by their Go name (`Say`, `Machine`, …). */
export type RpcService = Readonly<Record<string, RpcMethod>>;

/**
 * Go's net/rpc server, Kiln's side: the plugin calls back into Kiln (Ui.Say during Builder.Run,
 * Hook.Run for provisioners, …) on streams the broker hands over. Calls are served concurrently
 * and answered as each finishes, as net/rpc does with one goroutine per call; an error thrown by a
 * method goes back as the response's Error, with the text net/rpc itself uses for unknown ones.
 */
export class RpcServer {
  private readonly services = new Map<string, RpcService>();

  register(name: string, service: RpcService): void {
    if (this.services.has(name)) throw new Error(`rpc: service already defined: ${name}`);
    this.services.set(name, service);
  }

  /** Serves one stream until the plugin closes it; resolves when it has. */
  async serve(stream: Duplex): Promise<void> {
    stream.on('error', () => undefined); // a reset ends the read loop below
    const inFlight = new Set<Promise<void>>();
    try {
      for await (const { header, body } of readMessages(stream, isRequestHeader)) {
        const done = this.answer(stream, header.ServiceMethod, header.Seq, body);
        inFlight.add(done);
        void done.finally(() => inFlight.delete(done));
      }
    } catch {
      // A malformed message leaves the stream unreadable: net/rpc drops the connection too.
    }
    await Promise.all(inFlight);
    if (!stream.writableEnded && !stream.destroyed) stream.end();
  }

  private async answer(stream: Duplex, serviceMethod: string, seq: number, args: unknown): Promise<void> {
    let reply: unknown = null;
    let error = '';
    try {
      reply = await this.lookup(serviceMethod)(args);
    } catch (err) {
      error = err instanceof Error ? err.message : String(err);
      // A Go error must not be empty, or the client would take it for success.
      if (error === '') error = 'unknown error';
    }
    if (stream.destroyed || stream.writableEnded) return;
    const body = error === '' ? (reply ?? null) : INVALID_REQUEST_BODY;
    stream.write(encodeMessage({ ServiceMethod: serviceMethod, Seq: seq, Error: error }, body));
  }

  private lookup(serviceMethod: string): RpcMethod {
    const dot = serviceMethod.lastIndexOf('.');
    if (dot < 0) throw new Error(`rpc: service/method request ill-formed: ${serviceMethod}`);
    const service = this.services.get(serviceMethod.slice(0, dot));
    if (!service) throw new Error(`rpc: can't find service ${serviceMethod}`);
    const name = serviceMethod.slice(dot + 1);
    const method = Object.prototype.hasOwnProperty.call(service, name) ? service[name] : undefined;
    if (!method) throw new Error(`rpc: can't find method ${serviceMethod}`);
    return method;
  }
}
