import { splitOnUrls } from './links';
import type { StoredMessage } from './store';

/**
 * The dev inbox as one static HTML page (no script). Everything from a message is escaped: mail
 * content is attacker-controlled in tests that probe HTML injection. The HTML body is shown in a
 * sandboxed iframe (no scripts, no same-origin) so it renders as a mail client would, safely.
 */
export function renderInboxPage(messages: readonly StoredMessage[], filter: string | undefined): string {
  const heading = filter ? `Messages to ${escapeHtml(filter)}` : 'All messages';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Dev inbox</title>
<style>
body{font-family:system-ui,sans-serif;margin:2rem;max-width:60rem}
article{border:1px solid #ccc;border-radius:6px;padding:1rem;margin:1rem 0}
.meta{color:#555;font-size:.9rem}
pre{white-space:pre-wrap;word-break:break-word;background:#f6f6f6;padding:.75rem}
iframe{width:100%;height:24rem;border:1px solid #ddd}
</style>
</head>
<body>
<h1>Dev inbox</h1>
<form method="get" action="/dev/inbox">
<label>Recipient <input type="email" name="to" value="${escapeHtml(filter ?? '')}"></label>
<button type="submit">Filter</button> <a href="/dev/inbox">Show all</a>
</form>
<h2>${heading} (${messages.length})</h2>
${messages.length === 0 ? '<p>No messages.</p>' : messages.map(renderMessage).join('\n')}
</body>
</html>
`;
}

function renderMessage(m: StoredMessage): string {
  const links = m.links.map((url) => `<li>${anchor(url)}</li>`).join('');
  return `<article>
<h3>${escapeHtml(m.subject)}</h3>
<p class="meta">To: ${escapeHtml(m.to.join(', '))}${m.cc.length ? ` · Cc: ${escapeHtml(m.cc.join(', '))}` : ''} · From: ${escapeHtml(m.from)} · <time datetime="${escapeHtml(m.receivedAt)}">${escapeHtml(m.receivedAt)}</time></p>
${links ? `<ul>${links}</ul>` : ''}
${m.text !== null ? `<pre>${linkify(m.text)}</pre>` : ''}
${m.html !== null ? `<details><summary>HTML version</summary><iframe sandbox title="HTML body" srcdoc="${escapeHtml(m.html)}"></iframe></details>` : ''}
</article>`;
}

/** Plain text with each http(s) URL made clickable; every other character escaped. */
function linkify(text: string): string {
  return splitOnUrls(text)
    .map((part) => (part.url ? anchor(part.url) : escapeHtml(part.text)))
    .join('');
}

/** Only http(s) URLs reach here (extraction filters them), so no `javascript:` link can appear. */
function anchor(url: string): string {
  return `<a href="${escapeHtml(url)}" rel="noreferrer noopener">${escapeHtml(url)}</a>`;
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Safe in element content and in quoted attribute values. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}
