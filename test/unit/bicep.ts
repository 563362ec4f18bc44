// A reader for the small subset of Bicep the consistency test needs (no Bicep compiler can run
// here): object and array literals, strings without interpolation, and anything else kept as raw
// expression text. It reads the repository's own Bicep, not Bicep in general.

type Token = { kind: 'str' | 'word' | 'punct' | 'nl'; text: string };

/** A parsed value: literals become JS values; an expression stays an `Expr` with its source text. */
export type BicepValue = string | number | boolean | null | Expr | BicepValue[] | { [key: string]: BicepValue };
export class Expr {
  constructor(readonly text: string) {}
}

function tokenize(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (src.startsWith('//', i)) {
      const eol = src.indexOf('\n', i);
      i = eol === -1 ? src.length : eol;
    } else if (src.startsWith('/*', i)) {
      i = src.indexOf('*/', i) + 2;
    } else if (src.startsWith("'''", i)) {
      const end = src.indexOf("'''", i + 3);
      out.push({ kind: 'str', text: src.slice(i + 3, end) });
      i = end + 3;
    } else if (c === "'") {
      let text = '';
      for (i++; src[i] !== "'"; i++) {
        if (src[i] === '\\') i++;
        text += src[i];
      }
      out.push({ kind: 'str', text });
      i++;
    } else if (c === '\n') {
      out.push({ kind: 'nl', text: c });
      i++;
    } else if (/[\w$@]/.test(c)) {
      const word = /^[\w$@.]+/.exec(src.slice(i))![0];
      out.push({ kind: 'word', text: word });
      i += word.length;
    } else {
      if (!/\s/.test(c)) out.push({ kind: 'punct', text: c });
      i++;
    }
  }
  return out;
}

const OPEN: Record<string, string> = { '{': '}', '[': ']', '(': ')' };

class Parser {
  constructor(
    private readonly t: Token[],
    public i = 0,
  ) {}
  private peek(): Token | undefined {
    return this.t[this.i];
  }
  private skipNewlines(): void {
    while (this.peek()?.kind === 'nl' || this.peek()?.text === ',') this.i++;
  }
  value(): BicepValue {
    const tok = this.peek()!;
    const next = this.t[this.i + 1];
    const ends = !next || next.kind === 'nl' || next.text === ',' || next.text === '}' || next.text === ']';
    if (tok.text === '{' && tok.kind === 'punct') return this.object();
    if (tok.text === '[' && tok.kind === 'punct' && this.t[this.i + 1]?.text !== 'for') return this.array();
    if (tok.kind === 'str' && ends) {
      this.i++;
      return tok.text;
    }
    if (tok.kind === 'word' && ends && /^(true|false|null|-?\d+)$/.test(tok.text)) {
      this.i++;
      const literals: Record<string, BicepValue> = { true: true, false: false, null: null };
      return tok.text in literals ? literals[tok.text] : Number(tok.text);
    }
    return this.expression();
  }
  private object(): Record<string, BicepValue> {
    const obj: Record<string, BicepValue> = {};
    this.i++;
    for (this.skipNewlines(); this.peek()!.text !== '}'; this.skipNewlines()) {
      const key = this.t[this.i++].text;
      if (this.t[this.i++].text !== ':') throw new Error(`expected ':' after ${key}`);
      obj[key] = this.value();
    }
    this.i++;
    return obj;
  }
  private array(): BicepValue[] {
    const arr: BicepValue[] = [];
    this.i++;
    for (this.skipNewlines(); this.peek()!.text !== ']'; this.skipNewlines()) arr.push(this.value());
    this.i++;
    return arr;
  }
  /** Raw text up to the end of the expression; a line starting with ? or : continues a ternary. */
  private expression(): Expr {
    const parts: string[] = [];
    const stack: string[] = [];
    for (let tok = this.peek(); tok; tok = this.peek()) {
      if (stack.length === 0) {
        const lineEnd =
          tok.kind === 'nl' && !/^[?:]$/.test(this.t.slice(this.i).find((x) => x.kind !== 'nl')?.text ?? '');
        if (lineEnd || tok.text === ',' || tok.text === '}' || tok.text === ']') break;
      }
      if (tok.kind === 'punct' && OPEN[tok.text]) stack.push(OPEN[tok.text]);
      else if (tok.kind === 'punct' && tok.text === stack[stack.length - 1]) stack.pop();
      if (tok.kind !== 'nl') parts.push(tok.kind === 'str' ? `'${tok.text}'` : tok.text);
      this.i++;
    }
    return new Expr(parts.join(' '));
  }
}

/** The value of `var <name> = ...` in a Bicep file. */
export function bicepVar(src: string, name: string): BicepValue {
  const toks = tokenize(src);
  const at = toks.findIndex((t, k) => t.text === 'var' && toks[k + 1]?.text === name && toks[k + 2]?.text === '=');
  if (at < 0) throw new Error(`var ${name} not found`);
  return new Parser(toks, at + 3).value();
}

/** Every `module <symbol> '<path>' = ... { ... }` with its body (the object after `=`). */
export function bicepModules(src: string): { symbol: string; path: string; body: Record<string, BicepValue> }[] {
  const toks = tokenize(src);
  const found: { symbol: string; path: string; body: Record<string, BicepValue> }[] = [];
  toks.forEach((t, k) => {
    if (t.text !== 'module' || toks[k - 1]?.kind !== 'nl' || toks[k + 2]?.kind !== 'str') return;
    const open = toks.findIndex((x, j) => j > k && x.text === '{');
    const body = new Parser(toks, open).value() as Record<string, BicepValue>;
    found.push({ symbol: toks[k + 1].text, path: toks[k + 2].text, body });
  });
  return found;
}

/**
 * The `param` declarations of a Bicep file: name → whether a caller must pass it, and whether it is
 * `@secure()` (a decorator on the lines right above the declaration).
 */
export function bicepParams(src: string): Map<string, { required: boolean; secure: boolean }> {
  const params = new Map<string, { required: boolean; secure: boolean }>();
  for (const m of src.matchAll(/^param\s+(\w+)\s+([^=\n]*?)\s*(=.*)?$/gm)) {
    const above = src.slice(0, m.index).split('\n').slice(0, -1);
    const decorators: string[] = [];
    for (let i = above.length - 1; i >= 0 && /^\s*(@|\]|'|\s*$)/.test(above[i]) && !/^\s*$/.test(above[i]); i--)
      decorators.push(above[i]);
    params.set(m[1], {
      required: !m[3] && !m[2].trim().endsWith('?'),
      secure: decorators.some((d) => /^\s*@secure\(\)/.test(d)),
    });
  }
  return params;
}

/** Every `resource <symbol> '<type>@<version>' = [if (...)] { ... }` with its body. */
export function bicepResources(src: string): { symbol: string; type: string; body: Record<string, BicepValue> }[] {
  const toks = tokenize(src);
  const found: { symbol: string; type: string; body: Record<string, BicepValue> }[] = [];
  toks.forEach((t, k) => {
    if (t.text !== 'resource' || (k > 0 && toks[k - 1]?.kind !== 'nl') || toks[k + 2]?.kind !== 'str') return;
    const open = toks.findIndex((x, j) => j > k && x.text === '{');
    if (toks[open - 1]?.text === 'for' || toks.slice(k, open).some((x) => x.text === 'for')) return;
    const body = new Parser(toks, open).value() as Record<string, BicepValue>;
    found.push({ symbol: toks[k + 1].text, type: toks[k + 2].text.split('@')[0], body });
  });
  return found;
}

/**
 * Where an identifier is used in a Bicep file, outside its own `param` line, comments and
 * descriptions: as a whole word in expressions, or inside a string's `${...}` interpolation.
 */
export function bicepUses(src: string, name: string): number {
  const word = new RegExp(`^${name}(?![\\w])`);
  let uses = 0;
  const toks = tokenize(src);
  toks.forEach((t, k) => {
    const isKey =
      toks[k + 1]?.text === ':' &&
      ['nl', '{', ','].includes(toks[k - 1]?.kind === 'nl' ? 'nl' : (toks[k - 1]?.text ?? 'nl'));
    if (t.kind === 'word' && word.test(t.text) && toks[k - 1]?.text !== 'param' && !isKey) uses++;
    if (t.kind === 'str')
      for (const m of t.text.matchAll(/\$\{([^}]*)\}/g))
        uses += (m[1].match(new RegExp(`(?<![\\w.])${name}(?![\\w])`, 'g')) ?? []).length;
  });
  return uses;
}
