import { INVITATION_LINK_PLACEHOLDER as LINK } from '../domain/invitationLink';
import type { Phrases } from './templatesPhrases';

/** Swedish wording of the default emails. */
export const sv: Phrases = {
  greeting: (name) => `Hej${name ? ` ${name}` : ''}!`,
  relationshipSubject: (p) => `${p} bjuder in er till en återförsäljarrelation`,
  relationshipBody: (p) =>
    `${p} vill bli er återförsäljare i programmet Cloud Solution Provider, så att de kan köpa och hantera prenumerationer och tjänster åt er organisation.`,
  multiPartySubject: (p, provider) => `${p} och ${provider} bjuder in er till återförsäljarrelationer`,
  multiPartyBody: (p, provider) =>
    `${p} och dess indirekta leverantör ${provider} vill bli era återförsäljare med en och samma länk: ${p} hanterar era prenumerationer och tjänster, och ${provider} kan lägga beställningar åt er.`,
  partnershipSubject: (p) => `${p} bjuder in er till ett partnerskap som indirekt återförsäljare`,
  partnershipBody: (p) =>
    `${p}, en indirekt leverantör i programmet Cloud Solution Provider, bjuder in er organisation till ett partnerskap. Som partner kan ${p} lägga till kunder åt er, lägga beställningar åt era kunder, ange er som återförsäljare på prenumerationer och som kundernas supportkontakt. Er organisation måste vara registrerad som indirekt återförsäljare.`,
  adminAsked: (p, roles, days, autoExtend) =>
    `${p} ber också om delegerad administratörsbehörighet i er organisations katalog i ${days} dagar${autoExtend ? ', som förlängs automatiskt med 180 dagar i taget om ni inte tar bort den' : ''}:\n${roles.map((r) => `  - ${r}`).join('\n')}`,
  adminNotAsked: (p) => `${p} ber inte om administratörsbehörighet i er organisation.`,
  customerAction: `En global administratör i er organisation granskar och godkänner via den här länken:\n${LINK}`,
  customerAgreement:
    'Om er organisation ännu inte har godkänt kundavtalet blir ni ombedda att godkänna det samtidigt. Ni kan när som helst ta bort relationen eller behörigheterna.',
  resellerAction: `En global administratör eller administratörsagent i ert partnerkonto granskar och godkänner via den här länken:\n${LINK}`,
  expiry: (days) => `Inbjudan upphör att gälla om ${days} ${days === 1 ? 'dag' : 'dagar'}.`,
  ignore: 'Om ni inte väntade er det här meddelandet kan ni bortse från det.',
  reminderSubject: (subject) => `Påminnelse: ${subject}`,
  reminderIntro: (date) => `Den här inbjudan väntar fortfarande på svar. Den upphör att gälla ${date}.`,
  acceptedSubject: (who) => `${who} har godkänt er inbjudan`,
  acceptedBody: (who, at) => `${who} godkände er inbjudan ${at}.`,
  grantBody: (roles, end) => `Delegerad administratörsbehörighet gäller till ${end}: ${roles.join(', ')}.`,
  expiredSubject: (who) => `Er inbjudan till ${who} har upphört att gälla`,
  expiredBody: (who, at) =>
    `Ingen svarade på er inbjudan till ${who} innan den upphörde att gälla ${at}. Ni kan skicka en ny.`,
  enrolmentApprovedSubject: (name) => `${name} är nu partner i programmet`,
  enrolmentApprovedBody: (name, kind) =>
    `Er ansökan om att gå med i programmet har godkänts: ${name} är registrerad som ${kind}. Era partneranvändare kan nu logga in och arbeta med kunder.`,
  enrolmentRejectedSubject: (name) => `Er ansökan för ${name} godkändes inte`,
  enrolmentRejectedBody: (name, reason) =>
    `Programmet godkände inte ansökan om att registrera ${name}. Angivet skäl: ${reason}`,
  grantExpiringSubject: (customer, days) =>
    `Delegerad administratörsbehörighet i ${customer} upphör om ${days} ${days === 1 ? 'dag' : 'dagar'}`,
  grantExpiringBody: (partner, customer, end, roles) =>
    `Den delegerade administratörsbehörighet som ${customer} gett ${partner} upphör ${end}: ${roles.join(', ')}. Be kunden om en förnyelse före dess för att behålla den.`,
  grantAutoExtends: 'Den förlängs automatiskt med 180 dagar om kunden inte tar bort den.',
  grantExpiredSubject: (customer) => `Delegerad administratörsbehörighet i ${customer} har upphört`,
  grantExpiredBody: (partner, customer, end, roles) =>
    `Den delegerade administratörsbehörighet som ${customer} gett ${partner} upphörde ${end}: ${roles.join(', ')}. ${partner} har inte längre denna åtkomst; en ny inbjudan kan be om den igen.`,
  grantExtendedSubject: (customer) => `Delegerad administratörsbehörighet i ${customer} har förlängts`,
  grantExtendedBody: (partner, customer, end, roles) =>
    `Den delegerade administratörsbehörighet som ${customer} gett ${partner} har förlängts automatiskt till ${end}: ${roles.join(', ')}.`,
  grantRemovedSubject: (customer) => `${customer} har tagit bort er delegerade administratörsbehörighet`,
  grantRemovedBody: (partner, customer, at, roles) =>
    `${customer} tog bort den delegerade administratörsbehörighet som gavs ${partner} ${at}: ${roles.join(', ')}. ${partner} har inte längre denna åtkomst.`,
};
