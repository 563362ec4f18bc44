/**
 * Every http(s) URL a recipient could follow: URLs in the plain text, then `href`s in the HTML,
 * deduplicated in order of appearance. Tests read invitation links from here.
 */
export function extractLinks(text: string | null, html: string | null): string[] {
  const found = [...urlsInText(text ?? ''), ...hrefsInHtml(html ?? '')];
  return [...new Set(found)];
}

const TEXT_URL = /https?:\/\/[^\s<>"'`]+/gi;
// Sentence punctuation right after a URL in prose is almost never part of it.
const TRAILING_PUNCTUATION = /[.,;:!?)\]}]+$/;
const HREF = /\bhref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))/gi;

function urlsInText(text: string): string[] {
  return splitOnUrls(text).flatMap((part) => (part.url ? [part.url] : []));
}

/** Text cut into plain runs and URLs, so a page can make each URL a link and escape the rest. */
export function splitOnUrls(text: string): Array<{ readonly text: string; readonly url?: string }> {
  const parts: Array<{ text: string; url?: string }> = [];
  let last = 0;
  for (const match of text.matchAll(TEXT_URL)) {
    const url = match[0].replace(TRAILING_PUNCTUATION, '');
    const start = match.index;
    if (start > last) parts.push({ text: text.slice(last, start) });
    parts.push({ text: url, url });
    last = start + url.length;
  }
  if (last < text.length) parts.push({ text: text.slice(last) });
  return parts;
}

function hrefsInHtml(html: string): string[] {
  return [...html.matchAll(HREF)]
    .map((m) => decodeEntities((m[1] ?? m[2] ?? m[3] ?? '').trim()))
    .filter((href) => /^https?:\/\//i.test(href));
}

const NAMED_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Attribute values are HTML-encoded (`&amp;` between query parameters); the link is the decoded form. */
function decodeEntities(value: string): string {
  return value.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (whole, entity: string) => {
    if (entity[0] === '#') {
      const code =
        entity[1] === 'x' || entity[1] === 'X' ? parseInt(entity.slice(2), 16) : parseInt(entity.slice(1), 10);
      return Number.isFinite(code) && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return NAMED_ENTITIES[entity.toLowerCase()] ?? whole;
  });
}
