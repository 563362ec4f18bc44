import type { LandingView } from '../answers/landingView';
import { escapeHtml as e, layout, pagePaths } from './html';
import type { SigninSettings } from './signinSettings';

/** The public Microsoft Customer Agreement, which a new customer accepts with the invitation. */
export const CUSTOMER_AGREEMENT_URL = 'https://www.microsoft.com/licensing/docs/customeragreement';

const link = (href: string, text: string): string => `<a href="${e(href)}" rel="noopener noreferrer">${e(text)}</a>`;

function asked(v: LandingView): string {
  const p = e(v.partner.name);
  // A renewal extends privileges already given; it asks for no relationship.
  const items =
    v.kind === 'renewal'
      ? []
      : [
          `<li><strong>A reseller relationship</strong>: ${p} may buy and manage subscriptions for your organisation, and your organisation appears in ${p}'s customer list.</li>`,
        ];
  if (v.provider)
    items.push(
      `<li><strong>An indirect provider relationship</strong> with ${e(v.provider.name)}, which may submit orders for your organisation.</li>`,
    );
  if (v.delegatedAdmin) {
    const da = v.delegatedAdmin;
    const extend = da.autoExtend ? ', then extended automatically by 180 days at a time unless you remove them' : '';
    items.push(
      `<li><strong>Delegated admin privileges</strong>: ${p}'s staff get these roles in your organisation's directory for ${da.days} days${extend}:` +
        `<ul class="roles">${da.roles.map((r) => `<li>${e(r)}</li>`).join('')}</ul>You can remove them at any time.</li>`,
    );
  } else {
    items.push(`<li>No admin privileges in your directory are asked for.</li>`);
  }
  return `<h2>What you are asked</h2><ul>${items.join('')}</ul>`;
}

function agreement(v: LandingView): string {
  const mca = link(CUSTOMER_AGREEMENT_URL, 'Microsoft Customer Agreement');
  if (v.agreement === 'onRecord')
    return `<h2>Customer agreement</h2><p>Your organisation has already accepted the ${mca}.</p>`;
  const when =
    v.agreement === 'required'
      ? 'Your organisation has not yet accepted the'
      : 'If your organisation has not yet accepted the';
  return `<h2>Customer agreement</h2><p>${when} ${mca}, accepting this invitation includes accepting it.</p>`;
}

function answer(v: LandingView, signin: SigninSettings): string {
  const data: Record<string, string> = {
    'invitation-id': v.invitationId,
    'authorize-url': signin.authorizeUrl,
    'token-url': signin.tokenUrl,
    'client-id': signin.clientId,
    scope: signin.scope,
    'redirect-uri': signin.redirectUri,
    'accept-url': pagePaths.answer(v.invitationId, 'accept'),
    'decline-url': pagePaths.answer(v.invitationId, 'decline'),
  };
  const attrs = Object.entries(data)
    .map(([k, value]) => `data-${k}="${e(value)}"`)
    .join(' ');
  const agree =
    v.agreement === 'onRecord' || v.kind === 'partnership'
      ? ''
      : `<p><label><input type="checkbox" id="agree"> I accept the Microsoft Customer Agreement for my organisation</label></p>`;
  return (
    `<h2>Your answer</h2>` +
    `<noscript><p class="note">Answering needs JavaScript: this page signs you in and sends your answer without the link's code ever reaching a server log. ` +
    `Turn JavaScript on and open the link from the email again, or ask ${e(v.partner.name)} for another way to accept.</p></noscript>` +
    `<section id="answer" ${attrs} hidden>` +
    `<p id="status" role="status" aria-live="polite"></p>` +
    `<p><button type="button" id="signin" hidden>Sign in</button></p>` +
    `<div id="answer-form" hidden>${agree}` +
    `<p><button type="button" id="accept">Accept</button> <button type="button" id="decline">Decline</button></p></div>` +
    `<p id="confirmation" role="alert" hidden></p>` +
    `</section>`
  );
}

/** A partnership request's page: what the partnership allows and who in the reseller may answer. */
function partnershipBody(v: LandingView, greeting: string, expires: string, signin: SigninSettings): string {
  const p = e(v.partner.name);
  return (
    `<h1>${p} invites your organisation to a partnership as indirect reseller</h1>${greeting}` +
    `<h2>What you are asked</h2><ul><li><strong>A partnership</strong> with ${p}, an indirect provider: ${p} may add customers on your behalf, submit orders for your customers, name you reseller of record on subscriptions and designate you as their support contact.</li>` +
    `<li>No admin privileges in anyone's directory are asked for.</li></ul>` +
    `<h2>Who can answer</h2><p>A Global admin or Admin agent of your partner organisation, which must be enrolled as an indirect reseller in ${e(v.partner.country)}'s region, signs in and accepts or declines. This invitation expires on ${e(expires)}.</p>` +
    answer(v, signin)
  );
}

/** The landing page of a pending invitation: readable without JavaScript, answerable with it. */
export function renderLandingPage(v: LandingView, options: { signin: SigninSettings }): string {
  const greeting = v.recipientName ? `<p>Hello ${e(v.recipientName)},</p>` : '';
  const expires = new Date(v.expiresAt).toUTCString();
  const title = `Invitation from ${v.partner.name}`;
  if (v.kind === 'partnership')
    return layout(title, partnershipBody(v, greeting, expires, options.signin), pagePaths.script);
  const body =
    (v.kind === 'renewal'
      ? `<h1>${e(v.partner.name)} asks to renew its delegated admin privileges in your organisation</h1>${greeting}<p>Accepting replaces the current privileges with these, counted from your acceptance. Declined or unanswered, the current privileges end as planned.</p>`
      : `<h1>${e(v.partner.name)} invites your organisation to a reseller relationship</h1>${greeting}`) +
    asked(v) +
    agreement(v) +
    `<h2>Who can answer</h2><p>A Global Administrator of your organisation signs in and accepts or declines. This invitation expires on ${e(expires)}.</p>` +
    `<h2>Where customers normally accept</h2><p>Customers in this cloud normally accept partner relationships in the ${link(v.portal.url, v.portal.name)}.</p>` +
    answer(v, options.signin);
  return layout(title, body, pagePaths.script);
}
