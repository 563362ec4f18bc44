import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createEmailSink, type EmailSink, type EmailSinkOptions } from './emailSink';

export interface EmailSinkServerOptions {
  /** 0 picks a free port. */
  readonly port: number;
  /** Loopback by default: the dev routes carry no authentication. */
  readonly host?: string;
  readonly accessKey: string;
  readonly dataFile?: string;
  /** Enforce ACS's rate limits (and their clock), as EmailSinkOptions. */
  readonly limits?: EmailSinkOptions['limits'];
  readonly limitsNow?: EmailSinkOptions['limitsNow'];
  readonly runningReads?: EmailSinkOptions['runningReads'];
  readonly deliveryReportsTo?: EmailSinkOptions['deliveryReportsTo'];
}

export interface EmailSinkServer {
  /** Base URL with trailing slash, ready for `endpoint=<url>;accesskey=<key>`. */
  readonly url: string;
  readonly port: number;
  readonly sink: EmailSink;
  close(): Promise<void>;
}

/** Runs the email sink alone on node:http; unknown paths get an ACS-shaped 404. */
export async function startEmailSinkServer(options: EmailSinkServerOptions): Promise<EmailSinkServer> {
  const host = options.host ?? '127.0.0.1';
  const sink = createEmailSink({
    accessKey: options.accessKey,
    dataFile: options.dataFile,
    limits: options.limits,
    limitsNow: options.limitsNow,
    runningReads: options.runningReads,
    deliveryReportsTo: options.deliveryReportsTo,
  });
  const server = createServer((req, res) => {
    void sink.handle(req, res).then((handled) => {
      if (handled) return;
      const body = JSON.stringify({ error: { code: 'NotFound', message: 'No such route.' } });
      res
        .writeHead(404, { 'content-type': 'application/json; charset=utf-8', 'x-ms-error-code': 'NotFound' })
        .end(body);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${urlHost}:${port}/`,
    port,
    sink,
    close: () =>
      new Promise<void>((resolve, reject) => {
        sink.close();
        // Keep-alive sockets from SDK clients would otherwise hold close() open.
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
