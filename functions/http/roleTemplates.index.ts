// Registers the role-template endpoints (issue 18). Each entry is the function's trigger and a
// loader: the handler's module loads on the first call (see ../register.ts).
import { http } from '../register';

http(
  'createRoleTemplate',
  { route: 'role-templates', methods: ['POST'] },
  async () => (await import('./roleTemplatesHttp.js')).createRoleTemplateHttp,
);
http(
  'listRoleTemplates',
  { route: 'role-templates', methods: ['GET'] },
  async () => (await import('./roleTemplatesHttp.js')).listRoleTemplatesHttp,
);
http(
  'getRoleTemplate',
  { route: 'role-templates/{id}', methods: ['GET'] },
  async () => (await import('./roleTemplatesHttp.js')).getRoleTemplateHttp,
);
http(
  'patchRoleTemplate',
  { route: 'role-templates/{id}', methods: ['PATCH'] },
  async () => (await import('./roleTemplatesHttp.js')).patchRoleTemplateHttp,
);
http(
  'deleteRoleTemplate',
  { route: 'role-templates/{id}', methods: ['DELETE'] },
  async () => (await import('./roleTemplatesHttp.js')).deleteRoleTemplateHttp,
);
