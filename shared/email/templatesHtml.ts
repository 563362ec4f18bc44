import { INVITATION_LINK_PLACEHOLDER } from '../domain/invitationLink';

/** Escapes text for HTML element content and double-quoted attributes. */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/**
 * Plain text to a small HTML body: everything the partner typed is escaped (it is untrusted), line
 * breaks kept, and the link placeholder becomes the one anchor. Only http(s) links are linked.
 */
export function textToHtml(text: string, link?: string): string {
  const safeLink = link && /^https?:\/\//i.test(link) ? escapeHtml(link) : undefined;
  const anchor = safeLink ? `<a href="${safeLink}">${safeLink}</a>` : '';
  const body = text
    .split(INVITATION_LINK_PLACEHOLDER)
    .map((part) => escapeHtml(part))
    .join(anchor)
    .replace(/\r?\n/g, '<br>\n');
  return `<!DOCTYPE html><html><body style="font-family:sans-serif;line-height:1.5">${body}</body></html>`;
}
