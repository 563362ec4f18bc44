/**
 * The durableClient binding value (extension Bindings/BindingHelper.cs). DurableClient sends its
 * calls to `rpcBaseUrl`; the management URLs are what createCheckStatusResponse hands to callers.
 */
export function durableClientData(baseUrl: string, taskHubName: string): Record<string, unknown> {
  const webhooks = `${baseUrl}/runtime/webhooks/durabletask`;
  const q = `taskHub=${encodeURIComponent(taskHubName)}&connection=Storage`;
  const instance = `${webhooks}/instances/INSTANCEID`;
  return {
    taskHubName,
    baseUrl: webhooks,
    requiredQueryStringParameters: q,
    creationUrls: {
      createNewInstancePostUri: `${webhooks}/orchestrators/{functionName}[/{instanceId}]?${q}`,
      createAndWaitOnNewInstancePostUri: `${webhooks}/orchestrators/{functionName}[/{instanceId}]?timeout={timeoutInSeconds}&pollingInterval={intervalInSeconds}&${q}`,
    },
    managementUrls: {
      id: 'INSTANCEID',
      statusQueryGetUri: `${instance}?${q}`,
      sendEventPostUri: `${instance}/raiseEvent/{eventName}?${q}`,
      terminatePostUri: `${instance}/terminate?reason={text}&${q}`,
      rewindPostUri: `${instance}/rewind?reason={text}&${q}`,
      purgeHistoryDeleteUri: `${instance}?${q}`,
      restartPostUri: `${instance}/restart?${q}`,
      suspendPostUri: `${instance}/suspend?reason={text}&${q}`,
      resumePostUri: `${instance}/resume?reason={text}&${q}`,
    },
    rpcBaseUrl: `${baseUrl}/durabletask/`,
  };
}
