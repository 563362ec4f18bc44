/** The sentences every language of the default emails provides (one object per locale). */
export interface Phrases {
  greeting(name: string | undefined): string;
  relationshipSubject(partner: string): string;
  relationshipBody(partner: string): string;
  multiPartySubject(reseller: string, provider: string): string;
  multiPartyBody(reseller: string, provider: string): string;
  partnershipSubject(provider: string): string;
  partnershipBody(provider: string): string;
  adminAsked(partner: string, roleNames: string[], days: number, autoExtend: boolean): string;
  adminNotAsked(partner: string): string;
  customerAction: string;
  customerAgreement: string;
  resellerAction: string;
  expiry(days: number): string;
  ignore: string;
  reminderSubject(subject: string): string;
  reminderIntro(date: string): string;
  acceptedSubject(who: string): string;
  acceptedBody(who: string, at: string): string;
  grantBody(roleNames: string[], end: string): string;
  expiredSubject(who: string): string;
  expiredBody(who: string, at: string): string;
  enrolmentApprovedSubject(name: string): string;
  enrolmentApprovedBody(name: string, kind: string): string;
  enrolmentRejectedSubject(name: string): string;
  enrolmentRejectedBody(name: string, reason: string): string;
  grantExpiringSubject(customer: string, days: number): string;
  grantExpiringBody(partner: string, customer: string, end: string, roleNames: string[]): string;
  grantAutoExtends: string;
  grantExpiredSubject(customer: string): string;
  grantExpiredBody(partner: string, customer: string, end: string, roleNames: string[]): string;
  grantExtendedSubject(customer: string): string;
  grantExtendedBody(partner: string, customer: string, end: string, roleNames: string[]): string;
  grantRemovedSubject(customer: string): string;
  grantRemovedBody(partner: string, customer: string, at: string, roleNames: string[]): string;
}
