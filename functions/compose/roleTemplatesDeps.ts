import type { RoleTemplateDeps } from '../../shared/roleTemplates/ports';
import { roleTemplateStore } from '../../shared/store/roleTemplates';

/** The role-template endpoints on the process-wide store. */
export const roleTemplatesDeps = (): RoleTemplateDeps => ({ templates: roleTemplateStore(), now: () => new Date() });
