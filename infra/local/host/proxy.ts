import http, { IncomingMessage, ServerResponse } from 'node:http';

/** Forwards a request to the stand-ins process, so /dev/* shares the API's origin. */
export function proxyTo(upstream: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const target = new URL(req.url ?? '/', upstream);
  return new Promise((resolve) => {
    const out = http.request(
      target,
      { method: req.method, headers: { ...req.headers, host: req.headers.host ?? target.host } },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
        up.on('end', resolve);
      },
    );
    out.on('error', () => {
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({ code: 'standins_unavailable', detail: 'The local stand-ins process is not answering.' }),
      );
      resolve();
    });
    req.pipe(out);
  });
}
