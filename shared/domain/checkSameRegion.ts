import { normaliseCountry, regionOf } from './regions';
import { ok, refuse, type Result } from './result';

/**
 * The region rule: a partner may only enter a relationship with an organisation in its own country
 * or region. An unknown counterpart country is refused: the rule cannot be shown to hold.
 */
export function checkSameRegion(partnerCountry: string, otherCountry: string | undefined): Result<{ region: string }> {
  const partner = normaliseCountry(partnerCountry);
  const other = normaliseCountry(otherCountry);
  if (!partner) return refuse('region_mismatch', "the partner's country is not set");
  if (!other) return refuse('region_mismatch', "your organisation's country or region is not known");
  const region = regionOf(partner);
  if (partner !== other && regionOf(other) !== region) {
    return refuse('region_mismatch', 'the partner and your organisation are not in the same country or region');
  }
  return ok({ region });
}
