/** Escapes text for HTML content and double-quoted attributes. */
export function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string,
  );
}

/**
 * No inline script or style, nothing from elsewhere, no framing, no forms posting anywhere: the
 * page's scripts and stylesheet come from this origin, and fetch() may call only it and the
 * origins named (the sign-in token endpoint's, when it is elsewhere).
 */
export function pageCsp(connectOrigins: readonly string[] = []): string {
  return (
    `default-src 'none'; script-src 'self'; style-src 'self'; connect-src ${["'self'", ...connectOrigins].join(' ')}; img-src 'self'; ` +
    "form-action 'none'; frame-ancestors 'none'; base-uri 'none'"
  );
}

/** Headers of every page: the link token and the sign-in code must never reach a Referer, a cache or a frame. */
export function pageHeadersWith(connectOrigins: readonly string[]): Record<string, string> {
  return {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    'referrer-policy': 'no-referrer',
    'content-security-policy': pageCsp(connectOrigins),
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
  };
}

/** The headers of a page that calls nothing but this origin. */
export const pageHeaders: Readonly<Record<string, string>> = Object.freeze(pageHeadersWith([]));

/** Paths of the pages, their static assets and the answer endpoints (the host's routePrefix is `api`). */
export const pagePaths = {
  script: '/api/pages/landing.js',
  style: '/api/pages/landing.css',
  signinReturnScript: '/api/pages/signin-return.js',
  /** Where sign-in sends the browser back: the one redirect URI registered for the landing page. */
  signinReturn: '/api/signin/return',
  invitePrefix: '/api/invite/',
  answer: (invitationId: string, verb: 'accept' | 'decline') =>
    `/api/invitations/${encodeURIComponent(invitationId)}/${verb}`,
} as const;

/** A whole page around already-escaped body HTML, with the script at `scriptPath` if given. */
export function layout(title: string, body: string, scriptPath?: string): string {
  return (
    '<!doctype html><html lang="en"><head><meta charset="utf-8">' +
    '<meta name="viewport" content="width=device-width, initial-scale=1">' +
    '<meta name="referrer" content="no-referrer">' +
    `<title>${escapeHtml(title)}</title><link rel="stylesheet" href="${pagePaths.style}">` +
    (scriptPath ? `<script src="${escapeHtml(scriptPath)}" defer></script>` : '') +
    `</head><body><main>${body}</main></body></html>`
  );
}
