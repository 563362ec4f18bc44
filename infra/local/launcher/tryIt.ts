import { contosoDirect, demoUsers } from '../identity/demoDirectory';

/**
 * The one copy-paste command `npm start` prints: a dev token for Contoso Direct's Global admin,
 * then an invitation to Adatum's admin; the email lands in the dev inbox with its link.
 */
export function tryItCommand(baseUrl: string): string {
  const admin = demoUsers.find(
    (u) => u.tenantId === contosoDirect.tenantId && (u.roles as readonly string[] | undefined)?.includes('GlobalAdmin'),
  );
  if (!admin) return `curl ${baseUrl}/api/health`;
  const claims = JSON.stringify({
    tenantId: admin.tenantId,
    userId: admin.userId,
    email: admin.email,
    roles: ['GlobalAdmin'],
    tenantCountry: admin.tenantCountry,
  });
  return [
    `TOKEN=$(curl -s -X POST ${baseUrl}/dev/token -H 'content-type: application/json' -d '${claims}' | node -pe 'JSON.parse(require("fs").readFileSync(0,"utf8")).accessToken')`,
    `curl -s -X POST ${baseUrl}/api/invitations -H "authorization: Bearer $TOKEN" -H 'content-type: application/json' -d '{"recipientEmail":"admin@adatum.example","recipientName":"Ada"}'`,
    `echo; echo "Now open ${baseUrl}/dev/inbox, follow the link and sign in as Ada Adatum (Global admin)."`,
  ].join(' && \\\n    ');
}
