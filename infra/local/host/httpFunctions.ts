import { IncomingMessage } from 'node:http';
import { RegisteredFunction } from './coreApi';
import { Invoker, RpcTypedData, inputsOf, triggerOf } from './invoker';
import { CompiledRoute, compileRoute } from './routes';

export interface HttpRoute {
  fn: RegisteredFunction;
  route: CompiledRoute;
  methods: string[];
}

export interface HttpReply {
  status: number;
  headers: Record<string, string | string[]>;
  body: Buffer;
}

/** Builds the route table from every httpTrigger, most specific template first. */
export function httpRoutes(functions: RegisteredFunction[], routePrefix: string): HttpRoute[] {
  const prefix = routePrefix.replace(/^\/+|\/+$/g, '');
  return functions
    .filter((fn) => triggerOf(fn)[1].type === 'httpTrigger')
    .map((fn) => {
      const binding = triggerOf(fn)[1];
      const route = (binding.route as string | undefined) ?? fn.metadata.name;
      const methods = ((binding.methods as string[] | undefined) ?? []).map((m) => m.toUpperCase());
      return { fn, route: compileRoute([prefix, route].filter(Boolean).join('/')), methods };
    })
    .sort((a, b) => b.route.specificity - a.route.specificity);
}

/** Invokes an HTTP function with the worker's RPC shapes and turns its return value into a reply. */
export async function invokeHttp(
  invoker: Invoker,
  route: HttpRoute,
  params: Record<string, string>,
  req: IncomingMessage,
  url: string,
  body: Buffer,
  clientData: string,
): Promise<HttpReply> {
  const [triggerName] = triggerOf(route.fn);
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers))
    if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(', ') : v;
  const inputData: Array<{ name: string; data: RpcTypedData }> = [
    {
      name: triggerName,
      data: { http: { method: req.method, url, headers, params, body: { bytes: new Uint8Array(body) } } },
    },
  ];
  for (const name of inputsOf(route.fn, 'durableClient').concat(inputsOf(route.fn, 'orchestrationClient')))
    inputData.push({ name, data: { string: clientData } });
  const result = await invoker.invoke(route.fn, { inputData });
  if (result.error !== undefined) throw result.error;
  const http = (result.returnValue?.http ??
    (result.outputData.find((o) => (o.data as RpcTypedData | undefined)?.http)?.data as RpcTypedData | undefined)
      ?.http) as
    { statusCode?: string; headers?: Record<string, string>; cookies?: Cookie[]; body?: RpcTypedData } | undefined;
  if (!http) return { status: 204, headers: {}, body: Buffer.alloc(0) };
  const out: Record<string, string | string[]> = { ...http.headers };
  const cookies = (http.cookies ?? []).map(serializeCookie);
  if (cookies.length) out['set-cookie'] = cookies;
  const b = http.body;
  const bytes = b?.bytes ? Buffer.from(b.bytes) : b?.string !== undefined ? Buffer.from(b.string) : Buffer.alloc(0);
  return { status: Number(http.statusCode ?? 200), headers: out, body: bytes };
}

interface Cookie {
  name: string;
  value: string;
  domain?: { value: string };
  path?: { value: string };
  expires?: { value: { seconds: number } };
  secure?: { value: boolean };
  httpOnly?: { value: boolean };
  sameSite?: number;
  maxAge?: { value: number };
}

function serializeCookie(c: Cookie): string {
  const parts = [`${c.name}=${c.value}`];
  if (c.domain?.value) parts.push(`Domain=${c.domain.value}`);
  if (c.path?.value) parts.push(`Path=${c.path.value}`);
  if (c.expires?.value) parts.push(`Expires=${new Date(c.expires.value.seconds * 1000).toUTCString()}`);
  if (c.maxAge?.value !== undefined) parts.push(`Max-Age=${c.maxAge.value}`);
  if (c.secure?.value) parts.push('Secure');
  if (c.httpOnly?.value) parts.push('HttpOnly');
  if (c.sameSite === 1) parts.push('SameSite=Lax');
  if (c.sameSite === 2) parts.push('SameSite=Strict');
  if (c.sameSite === 3) parts.push('SameSite=None');
  return parts.join('; ');
}

/** Reads a request body fully, refusing more than `limit` bytes. */
export async function readBody(req: IncomingMessage, limit = 10 * 1024 * 1024): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw Object.assign(new Error('request body too large'), { status: 413 });
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}
