// Registers the invitation batch's activities (its orchestrator: ../orchestrators/orchestrators.index.ts).
// They take a durableClient input, as the extension binds it on any function: the chunk activity starts each
// created invitation's own orchestration. Each module loads on its first call (see ../register.ts).
import { app, trigger, type InvocationContext } from '@azure/functions';
import { durableClientInput, onFirstUse } from '../register';
import { batchActivities } from '../names';

const handlers = onFirstUse(async () => (await import('./batchActivities.js')).batchActivityHandlers);
for (const name of Object.values(batchActivities)) {
  app.generic(name, {
    trigger: trigger.generic({ type: 'activityTrigger' }),
    extraInputs: [durableClientInput()],
    handler: async (raw: unknown, context: InvocationContext) => {
      const handler = (await handlers())[name];
      if (!handler) throw new Error(`no batch activity ${name}`);
      const result = await handler(raw, context);
      context.log(`${name}: ${typeof result === 'object' ? JSON.stringify(result).slice(0, 200) : String(result)}`);
      return result;
    },
  });
}
