/** Template id of Global Administrator: the customer role that may accept, never auto-extended. */
export const GLOBAL_ADMINISTRATOR = '62e90394-69f5-4237-9190-012177145e10';

/** Template id of Helpdesk Administrator (classic DAP gave it to the partner's helpdesk agents). */
export const HELPDESK_ADMINISTRATOR = '729827e3-9c14-49f7-bb1b-9608f156bbb8';

/**
 * The directory roles a partner may ask for, by template id (the same in every tenant), with the
 * display names the email and landing page show. A subset of Entra ID's built-in roles that GDAP
 * offers; unknown ids are refused rather than passed through unnamed.
 */
export const directoryRoles: Readonly<Record<string, string>> = Object.freeze({
  [GLOBAL_ADMINISTRATOR]: 'Global Administrator',
  [HELPDESK_ADMINISTRATOR]: 'Helpdesk Administrator',
  'fe930be7-5e62-47db-91af-98c3a49a38b1': 'User Administrator',
  'f2ef992c-3afb-46b9-b7cf-a126ee74c451': 'Global Reader',
  '88d8e3e3-8f55-4a1e-953a-9b9898b8876b': 'Directory Readers',
  '9360feb5-f418-4baa-8175-e2a00bac4301': 'Directory Writers',
  'b0f54661-2d74-4c50-afa3-1ec803f12efe': 'Billing Administrator',
  '4d6ac14f-3453-41d0-bef9-a3e0c569773a': 'License Administrator',
  'f023fd81-a637-4b56-95fd-791ac0226033': 'Service Support Administrator',
  '29232cdf-9323-42fd-ade2-1d097af3e4de': 'Exchange Administrator',
  'f28a1f50-f6e7-4571-818b-6a12f2af6b6c': 'SharePoint Administrator',
  '69091246-20e8-4a56-aa4d-066075b2a7a8': 'Teams Administrator',
  '3a2c62db-5318-420d-8d74-23affee5d9d5': 'Intune Administrator',
  '194ae4cb-b126-40b2-bd5b-6091b380977d': 'Security Administrator',
  '5d6b6bb7-de71-4623-b4af-96380a352509': 'Security Reader',
  '17315797-102d-40b4-93e0-432062caca18': 'Compliance Administrator',
  'b1be1c3e-b65d-4f19-8427-f6fa0d97feb9': 'Conditional Access Administrator',
  'c4e39bd9-1100-46d3-8c65-fb160da0071f': 'Authentication Administrator',
  '7be44c8a-adaf-4e2a-84d6-ab2649e08a13': 'Privileged Authentication Administrator',
  'e8611ab8-c189-46e8-94e1-60213ab1f814': 'Privileged Role Administrator',
  '966707d0-3269-4727-9be2-8c3a10f19b9d': 'Password Administrator',
  '9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3': 'Application Administrator',
  '158c047a-c907-4556-b7ef-446551a6b5f7': 'Cloud Application Administrator',
  '4a5d8f65-41da-4de4-8968-e035b65339cf': 'Reports Reader',
});

/** The display name of a role template id, or undefined when the id is not one we know. */
export function directoryRoleName(templateId: string): string | undefined {
  return directoryRoles[templateId.toLowerCase()];
}
