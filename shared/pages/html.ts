/** Escapes text for HTML content and double-quoted attributes. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}

/**
 * No inline script or style, nothing from elsewhere, no framing, no forms posting anywhere: the
 * page's one script and one stylesheet come from this origin, and fetch() may only call it.
 */
export const PAGE_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; " +
  "form-action 'none'; frame-ancestors 'none'; base-uri 'none'";

/** Headers of every page: the link token must never reach a Referer, a cache or a frame. */
export const pageHeaders: Readonly<Record<string, string>> = Object.freeze({
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-store',
  'referrer-policy': 'no-referrer',
  'content-security-policy': PAGE_CSP,
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
});

/** Paths of the page's static assets and of the answer endpoints (the host's routePrefix is `api`). */
export const pagePaths = {
  script: '/api/pages/landing.js',
  style: '/api/pages/landing.css',
  answer: (invitationId: string, verb: 'accept' | 'decline') => `/api/invitations/${encodeURIComponent(invitationId)}/${verb}`,
} as const;

/** A whole page around already-escaped body HTML; `bodyAttrs` is already escaped too. */
export function layout(title: string, body: string, withScript: boolean): string {
  return (
    '<!doctype html><html lang="en"><head><meta charset="utf-8">' +
    '<meta name="viewport" content="width=device-width, initial-scale=1">' +
    '<meta name="referrer" content="no-referrer">' +
    `<title>${escapeHtml(title)}</title><link rel="stylesheet" href="${pagePaths.style}">` +
    (withScript ? `<script src="${pagePaths.script}" defer></script>` : '') +
    `</head><body><main>${body}</main></body></html>`
  );
}
