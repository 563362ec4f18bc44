/**
 * Accepts only same-origin relative paths as a sign-in return target, so the page cannot be used
 * as an open redirect that carries a token to another site.
 *
 * Returns the path, undefined when absent, or null when unacceptable.
 */
export function parseReturnTo(value: string | null | undefined): string | undefined | null {
  if (value === null || value === undefined || value === '') return undefined;
  // Browsers treat "\" like "/" and strip tabs and newlines, so "/\evil" and "/\t/evil" mean "//evil".
  if (!value.startsWith('/') || value.startsWith('//') || value.includes('\\') || hasControlCharacter(value)) return null;
  // The token goes in the fragment we append; a second fragment would be ambiguous.
  if (value.includes('#')) return null;
  // Belt and braces: whatever the browser's parser does, it must stay on our origin.
  const base = 'http://same-origin.invalid';
  let resolved: URL;
  try {
    resolved = new URL(value, base);
  } catch {
    return null;
  }
  return resolved.origin === base ? value : null;
}

function hasControlCharacter(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code < 0x20 || code === 0x7f) return true;
  }
  return false;
}
