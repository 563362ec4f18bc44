// Registers the program's endpoints: the operator's partner directory, enrolment and standing, and
// the enrolment requests. Each entry is the function's trigger and a loader (see ../register.ts).
import { http } from '../register';

http(
  'putProgramPartner',
  { route: 'program/partners/{tenantId}', methods: ['PUT'] },
  async () => (await import('./programPartnersHttp.js')).putProgramPartner,
);
http(
  'listProgramPartners',
  { route: 'program/partners', methods: ['GET'] },
  async () => (await import('./programPartnersHttp.js')).listProgramPartners,
);
http(
  'getProgramPartner',
  { route: 'program/partners/{tenantId}', methods: ['GET'] },
  async () => (await import('./programPartnersHttp.js')).getProgramPartner,
);
http(
  'suspendProgramPartner',
  { route: 'program/partners/{tenantId}/suspend', methods: ['POST'] },
  async () => (await import('./programPartnersHttp.js')).suspendProgramPartner,
);
http(
  'reinstateProgramPartner',
  { route: 'program/partners/{tenantId}/reinstate', methods: ['POST'] },
  async () => (await import('./programPartnersHttp.js')).reinstateProgramPartner,
);
http(
  'postEnrolmentRequest',
  { route: 'enrolment-requests', methods: ['POST'] },
  async () => (await import('./enrolmentRequestsHttp.js')).postEnrolmentRequest,
);
http(
  'getEnrolmentRequest',
  { route: 'enrolment-requests/{id}', methods: ['GET'] },
  async () => (await import('./enrolmentRequestsHttp.js')).getEnrolmentRequest,
);
http(
  'listEnrolmentRequests',
  { route: 'program/enrolment-requests', methods: ['GET'] },
  async () => (await import('./enrolmentRequestsHttp.js')).listEnrolmentRequests,
);
http(
  'approveEnrolmentRequest',
  { route: 'program/enrolment-requests/{id}/approve', methods: ['POST'], durableClient: true },
  async () => (await import('./enrolmentRequestsHttp.js')).approveEnrolmentRequest,
);
http(
  'rejectEnrolmentRequest',
  { route: 'program/enrolment-requests/{id}/reject', methods: ['POST'], durableClient: true },
  async () => (await import('./enrolmentRequestsHttp.js')).rejectEnrolmentRequest,
);
