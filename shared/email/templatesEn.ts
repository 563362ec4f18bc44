import { INVITATION_LINK_PLACEHOLDER as LINK } from '../domain/invitationLink';
import type { Phrases } from './templatesPhrases';

/** English wording of the default emails. */
export const en: Phrases = {
  greeting: (name) => `Hello${name ? ` ${name}` : ''},`,
  relationshipSubject: (p) => `${p} invites you to a reseller relationship`,
  relationshipBody: (p) =>
    `${p} would like to become your reseller in the Cloud Solution Provider program, so that it can buy and manage subscriptions and services for your organisation.`,
  multiPartySubject: (p, provider) => `${p} and ${provider} invite you to reseller relationships`,
  multiPartyBody: (p, provider) =>
    `${p} and its indirect provider ${provider} would like to become your resellers with one link: ${p} manages your subscriptions and services, and ${provider} can submit orders on your behalf.`,
  partnershipSubject: (p) => `${p} invites you to a partnership as indirect reseller`,
  partnershipBody: (p) =>
    `${p}, an indirect provider in the Cloud Solution Provider program, invites your organisation to a partnership. As partners, ${p} can add customers on your behalf, submit orders for your customers, name you reseller of record on subscriptions and designate you as their support contact. Your organisation must be enrolled as an indirect reseller.`,
  adminAsked: (p, roles, days, autoExtend) =>
    `${p} also asks for delegated admin privileges in your organisation's directory for ${days} days${autoExtend ? ', extended automatically by 180 days at a time unless you remove them' : ''}:\n${roles.map((r) => `  - ${r}`).join('\n')}`,
  adminNotAsked: (p) => `${p} does not ask for admin privileges in your organisation.`,
  customerAction: `To review and accept, a Global Administrator of your organisation opens this link:\n${LINK}`,
  customerAgreement:
    'If your organisation has not yet accepted the customer agreement, you will be asked to accept it at the same time. You can remove the relationship or the admin privileges at any time.',
  resellerAction: `To review and accept, a Global admin or Admin agent of your partner account opens this link:\n${LINK}`,
  expiry: (days) => `The invitation expires in ${days} day${days === 1 ? '' : 's'}.`,
  ignore: 'If you did not expect this email, you can ignore it.',
  reminderSubject: (subject) => `Reminder: ${subject}`,
  reminderIntro: (date) => `This invitation is still waiting for an answer. It expires on ${date}.`,
  acceptedSubject: (who) => `${who} accepted your invitation`,
  acceptedBody: (who, at) => `${who} accepted your invitation on ${at}.`,
  grantBody: (roles, end) => `Delegated admin privileges are active until ${end}: ${roles.join(', ')}.`,
  expiredSubject: (who) => `Your invitation to ${who} expired`,
  expiredBody: (who, at) =>
    `Nobody answered your invitation to ${who} before it expired on ${at}. You can send a new one.`,
  enrolmentApprovedSubject: (name) => `${name} is now a partner of the program`,
  enrolmentApprovedBody: (name, kind) =>
    `Your request to join the program was approved: ${name} is enrolled as ${kind}. Your partner users can now sign in and work with customers.`,
  enrolmentRejectedSubject: (name) => `Your request to enrol ${name} was not approved`,
  enrolmentRejectedBody: (name, reason) =>
    `The program did not approve the request to enrol ${name}. The reason given: ${reason}`,
  grantExpiringSubject: (customer, days) =>
    `Delegated admin privileges in ${customer} end in ${days} day${days === 1 ? '' : 's'}`,
  grantExpiringBody: (partner, customer, end, roles) =>
    `The delegated admin privileges ${customer} granted ${partner} end on ${end}: ${roles.join(', ')}. To keep them, ask the customer for a renewal before then.`,
  grantAutoExtends: 'They are extended automatically by 180 days unless the customer removes them.',
  grantExpiredSubject: (customer) => `Delegated admin privileges in ${customer} have expired`,
  grantExpiredBody: (partner, customer, end, roles) =>
    `The delegated admin privileges ${customer} granted ${partner} expired on ${end}: ${roles.join(', ')}. ${partner} no longer has this access; a new invitation can ask for it again.`,
  grantExtendedSubject: (customer) => `Delegated admin privileges in ${customer} were extended`,
  grantExtendedBody: (partner, customer, end, roles) =>
    `The delegated admin privileges ${customer} granted ${partner} were extended automatically until ${end}: ${roles.join(', ')}.`,
  grantRemovedSubject: (customer) => `${customer} removed your delegated admin privileges`,
  grantRemovedBody: (partner, customer, at, roles) =>
    `${customer} removed the delegated admin privileges it granted ${partner} on ${at}: ${roles.join(', ')}. ${partner} no longer has this access.`,
};
