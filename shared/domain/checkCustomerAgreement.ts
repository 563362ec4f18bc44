import { ok, refuse, type Result } from './result';

/**
 * A customer that has not accepted the customer agreement must accept it while accepting the
 * invitation. Returns whether acceptance is to be recorded now (false when already on record).
 */
export function checkCustomerAgreement(
  alreadyAccepted: boolean,
  acceptNow: boolean | undefined,
): Result<{ recordNow: boolean }> {
  if (alreadyAccepted) return ok({ recordNow: false });
  if (acceptNow !== true) {
    return refuse(
      'customer_agreement_required',
      'your organisation must accept the customer agreement to accept this invitation',
    );
  }
  return ok({ recordNow: true });
}
