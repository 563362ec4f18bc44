/**
 * The "country or region" of the program's rule that a partner may only request a relationship with
 * a customer "from within your own country or the same region" (seed 002, Swedish: "inifrån ditt
 * land eller samma region"). The seeds do not list the regions, so this table is ours, modelled on
 * how the CSP program describes its markets: a partner's market is set by its location account;
 * some regions span many countries (Europe, Africa…), others are one country (Brazil), and the
 * United States includes the US Minor Outlying Islands. The customer's country is the one set on
 * its tenant (the `tenant_ctry` claim), not where it physically sits.
 *
 * A country in no multi-country region below is a market of its own (e.g. CA, BR, AU, NZ, JP, KR,
 * TW, IN, CN, TR): only customers in that same country qualify. Codes are ISO 3166-1 alpha-2.
 * Changing this table changes who may accept: review it with the program rules when they change.
 */
export const regions: Readonly<Record<string, readonly string[]>> = Object.freeze({
  // EU member states, EFTA, the UK, the European microstates, Western Balkans, and dependencies
  // that transact as part of Europe.
  europe: [
    'AT',
    'BE',
    'BG',
    'HR',
    'CY',
    'CZ',
    'DK',
    'EE',
    'FI',
    'FR',
    'DE',
    'GR',
    'HU',
    'IE',
    'IT',
    'LV',
    'LT',
    'LU',
    'MT',
    'NL',
    'PL',
    'PT',
    'RO',
    'SK',
    'SI',
    'ES',
    'SE',
    'IS',
    'LI',
    'NO',
    'CH',
    'GB',
    'AD',
    'MC',
    'SM',
    'VA',
    'AL',
    'BA',
    'ME',
    'MK',
    'RS',
    'MD',
    'UA',
    'FO',
    'GL',
    'GI',
    'GG',
    'JE',
    'IM',
    'AX',
  ],
  unitedStates: ['US', 'UM'],
  latinAmerica: [
    'MX',
    'AR',
    'CL',
    'CO',
    'PE',
    'UY',
    'PY',
    'BO',
    'EC',
    'VE',
    'CR',
    'PA',
    'GT',
    'HN',
    'SV',
    'NI',
    'DO',
    'JM',
    'TT',
    'BS',
    'BB',
    'BZ',
    'HT',
    'AG',
    'DM',
    'GD',
    'KN',
    'LC',
    'VC',
    'GY',
    'SR',
  ],
  africa: [
    'DZ',
    'AO',
    'BW',
    'CM',
    'CI',
    'EG',
    'ET',
    'GH',
    'KE',
    'LY',
    'MA',
    'MU',
    'NA',
    'NG',
    'RW',
    'SN',
    'TN',
    'TZ',
    'UG',
    'ZA',
    'ZM',
    'ZW',
  ],
  middleEast: ['AE', 'BH', 'IL', 'IQ', 'JO', 'KW', 'LB', 'OM', 'PS', 'QA', 'SA'],
  asia: ['SG', 'MY', 'TH', 'ID', 'PH', 'VN', 'HK', 'MO', 'BD', 'LK', 'PK', 'NP', 'MN', 'KH', 'LA', 'MM', 'BN'],
});

const regionByCountry: ReadonlyMap<string, string> = new Map(
  Object.entries(regions).flatMap(([region, countries]) => countries.map((c) => [c, region] as const)),
);

/** Normalises a country code to upper-case ISO 3166-1 alpha-2, or undefined if it is not one. */
export function normaliseCountry(country: string | undefined): string | undefined {
  const c = country?.trim().toUpperCase();
  return c && /^[A-Z]{2}$/.test(c) ? c : undefined;
}

/** The market a country belongs to: a region name, or `country:XX` for a single-country market. */
export function regionOf(country: string): string {
  const c = normaliseCountry(country);
  if (!c) throw new RangeError(`not an ISO 3166-1 alpha-2 country code: ${country}`);
  return regionByCountry.get(c) ?? `country:${c}`;
}
