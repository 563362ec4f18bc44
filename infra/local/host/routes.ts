/**
 * ASP.NET-style route templates as the Functions host matches them: `{name}`, `{name?}`,
 * `{name:constraint}`, `{*rest}`, case-insensitive literals.
 */
export interface CompiledRoute {
  template: string;
  match(path: string): Record<string, string> | undefined;
  /** Literal segments first, so `invitations/draft` wins over `invitations/{id}`. */
  specificity: number;
}

const constraints: Record<string, (v: string, arg?: string) => boolean> = {
  int: (v) => /^-?\d+$/.test(v),
  long: (v) => /^-?\d+$/.test(v),
  bool: (v) => /^(true|false)$/i.test(v),
  alpha: (v) => /^[a-z]+$/i.test(v),
  guid: (v) => /^\{?[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}\}?$/i.test(v),
  double: (v) => v !== '' && !Number.isNaN(Number(v)),
  float: (v) => v !== '' && !Number.isNaN(Number(v)),
  decimal: (v) => v !== '' && !Number.isNaN(Number(v)),
  datetime: (v) => !Number.isNaN(Date.parse(v)),
  minlength: (v, a) => v.length >= Number(a),
  maxlength: (v, a) => v.length <= Number(a),
  length: (v, a) => {
    const [min, max] = (a ?? '').split(',').map(Number);
    return max === undefined ? v.length === min : v.length >= (min as number) && v.length <= max;
  },
  min: (v, a) => Number(v) >= Number(a),
  max: (v, a) => Number(v) <= Number(a),
  range: (v, a) => {
    const [min, max] = (a ?? '').split(',').map(Number);
    return Number(v) >= (min as number) && Number(v) <= (max as number);
  },
  regex: (v, a) => new RegExp(a ?? '', 'i').test(v),
};

interface Segment {
  literal?: string;
  param?: string;
  optional?: boolean;
  catchAll?: boolean;
  checks: Array<(v: string) => boolean>;
}

export function compileRoute(template: string): CompiledRoute {
  const segments: Segment[] = template
    .replace(/^\/+|\/+$/g, '')
    .split('/')
    .filter((s) => s !== '')
    .map((raw) => {
      const m = /^\{(\*?)([A-Za-z_][\w]*)((?::[^}?]+(?:\([^)]*\))?)*)(\?)?\}$/.exec(raw);
      if (!m) {
        if (/[{}]/.test(raw)) throw new Error(`Unsupported route segment "${raw}" in "${template}"`);
        return { literal: raw.toLowerCase(), checks: [] };
      }
      const checks = [...(m[3] ?? '').matchAll(/:(\w+)(?:\(([^)]*)\))?/g)].map(([, name, arg]) => {
        const fn = constraints[(name ?? '').toLowerCase()];
        if (!fn) throw new Error(`Unknown route constraint "${name}" in "${template}"`);
        return (v: string) => fn(v, arg);
      });
      return { param: m[2], catchAll: m[1] === '*', optional: m[4] === '?' || m[1] === '*', checks };
    });
  return {
    template,
    specificity: segments.reduce((n, s) => n * 4 + (s.literal ? 3 : s.catchAll ? 0 : s.checks.length ? 2 : 1), 1),
    match(path) {
      const parts = path
        .replace(/^\/+|\/+$/g, '')
        .split('/')
        .filter((s) => s !== '');
      const params: Record<string, string> = {};
      let i = 0;
      for (const seg of segments) {
        if (seg.catchAll) {
          const rest = parts.slice(i).map(decodeURIComponent).join('/');
          if (rest) params[seg.param as string] = rest;
          i = parts.length;
          break;
        }
        const part = parts[i];
        if (part === undefined) {
          if (seg.optional) continue;
          return undefined;
        }
        if (seg.literal !== undefined) {
          if (part.toLowerCase() !== seg.literal) return undefined;
        } else {
          const value = decodeURIComponent(part);
          if (!seg.checks.every((c) => c(value))) return undefined;
          params[seg.param as string] = value;
        }
        i++;
      }
      return i === parts.length ? params : undefined;
    },
  };
}
