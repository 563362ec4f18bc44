import type { RoleTemplateStore } from '../store/roleTemplates';

/**
 * What the role-template use cases read and write (ports: functions/compose/roleTemplatesDeps.ts builds the real ones).
 */
export interface RoleTemplateDeps {
  templates: RoleTemplateStore;
  now: () => Date;
}
