import { ok, refuse, type Result } from './result';

/**
 * A party's standing in the program at the moment it acts: a suspended partner sends and answers
 * nothing, and its pending invitations cannot be accepted. `status` is the operator's (absent =
 * active); the answer checks it for every partner on the inviting side.
 */
export function checkPartnerStanding(partner: { name: string; status?: string }): Result<true> {
  if (partner.status === 'suspended')
    return refuse('partner_suspended', `${partner.name} is suspended from the program`);
  return ok(true);
}
