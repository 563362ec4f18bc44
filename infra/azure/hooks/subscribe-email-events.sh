#!/bin/sh
# azd postdeploy hook (azure.yaml): subscribes the app's Event Grid–triggered EmailDeliveryReport
# function to the email delivery reports ACS publishes on its system topic (infra/azure/app/email.bicep).
# It runs after the code is deployed because Event Grid checks an Azure Function endpoint when the
# subscription is created. The create is a PUT: running it again on every deploy changes nothing.
# Needs the az CLI signed in (azd's own login does not sign az in) and azd's environment values:
# AZURE_RESOURCE_GROUP, AZURE_FUNCTION_NAME, EMAIL_EVENTS_TOPIC_NAME (outputs of infra/azure/main.bicep).
set -eu

: "${AZURE_RESOURCE_GROUP:?run through azd (azd deploy or azd up), which sets it}"
: "${AZURE_FUNCTION_NAME:?run through azd (azd deploy or azd up), which sets it}"
: "${EMAIL_EVENTS_TOPIC_NAME:?provision first (azd provision), which outputs it}"
FUNCTION_NAME=EmailDeliveryReport
EVENT_TYPE=Microsoft.Communication.EmailDeliveryReportReceived

app_id=$(az functionapp show --resource-group "$AZURE_RESOURCE_GROUP" --name "$AZURE_FUNCTION_NAME" --query id --output tsv)

# Right after a deploy the host may not have indexed the function yet: Event Grid then refuses the
# endpoint, so try for a few minutes.
attempt=1
while :; do
  if az eventgrid system-topic event-subscription create \
    --resource-group "$AZURE_RESOURCE_GROUP" \
    --system-topic-name "$EMAIL_EVENTS_TOPIC_NAME" \
    --name email-delivery-reports \
    --endpoint-type azurefunction \
    --endpoint "$app_id/functions/$FUNCTION_NAME" \
    --included-event-types "$EVENT_TYPE" \
    --event-delivery-schema eventgridschema \
    --max-delivery-attempts 30 \
    --event-ttl 1440 \
    --output none; then
    echo "Email delivery reports go to $AZURE_FUNCTION_NAME/$FUNCTION_NAME."
    exit 0
  fi
  if [ "$attempt" -ge "${SUBSCRIBE_ATTEMPTS:-10}" ]; then
    echo "Could not subscribe $FUNCTION_NAME to $EMAIL_EVENTS_TOPIC_NAME; run infra/azure/hooks/subscribe-email-events.sh again (azd env get-values gives its settings)." >&2
    exit 1
  fi
  attempt=$((attempt + 1))
  sleep "${SUBSCRIBE_WAIT_SECONDS:-30}"
done
