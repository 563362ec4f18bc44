metadata name = 'Email through Azure Communication Services'
metadata description = 'An Email Communication Service with one sending domain, linked to a Communication Services resource the app sends through with its managed identity.'

@description('Required. Name of the Email Communication Service.')
param emailServiceName string

@description('Required. Name of the Communication Services resource (its endpoint is ACS_ENDPOINT).')
param communicationServiceName string

@description('Optional. Tags of the resources.')
param tags object = {}

@description('Optional. Where both resources keep their data at rest (a geography, not a region).')
param dataLocation string = 'Europe'

@description('Optional. AzureManaged: a free <guid>.azurecomm.net domain, ready at once, low send quota. CustomerManaged: your own domain, which needs DNS verification before it can be linked.')
@allowed([
  'AzureManaged'
  'CustomerManaged'
])
param domainManagement string = 'AzureManaged'

@description('Conditional. Your domain (e.g. mail.example.com). Required when domainManagement is CustomerManaged.')
param customDomainName string = ''

@description('Optional. Link the domain to the Communication Services resource. An Azure-managed domain is always linked; a customer-managed one only after its DNS records are verified (set this to true and provision again).')
param linkCustomDomain bool = false

@description('Optional. The local part of the sender address.')
param senderUsername string = 'DoNotReply'

@description('Optional. Name of the Event Grid system topic on the Communication Services resource, where ACS publishes email delivery reports.')
param eventsTopicName string = 'evgt-${communicationServiceName}'

var azureManaged = domainManagement == 'AzureManaged'

module emailService 'br/public:avm/res/communication/email-service:0.4.5' = {
  name: 'email-service'
  params: {
    name: emailServiceName
    dataLocation: dataLocation
    tags: tags
    domains: [
      {
        // An Azure-managed domain must carry exactly this name.
        name: azureManaged ? 'AzureManagedDomain' : customDomainName
        domainManagement: domainManagement
        // No tracking pixels or rewritten links in invitation mails.
        userEngagementTracking: 'Disabled'
        // An Azure-managed domain comes with DoNotReply; a custom domain gets its sender here.
        senderUsernames: azureManaged
          ? []
          : [
              {
                name: toLower(senderUsername)
                username: senderUsername
              }
            ]
      }
    ]
  }
}

module communicationService 'br/public:avm/res/communication/communication-service:0.5.0' = {
  name: 'communication-service'
  params: {
    name: communicationServiceName
    dataLocation: dataLocation
    tags: tags
    linkedDomains: azureManaged || linkCustomDomain ? emailService.outputs.domainResourceIds : []
  }
}

// ACS publishes Microsoft.Communication.EmailDeliveryReportReceived (Delivered, Bounced, Suppressed,
// Failed, ...) to this system topic; a Communication Services resource is global, so is its topic.
// The subscription that delivers them to the app's EmailDeliveryReport function is not made here:
// Event Grid checks an Azure Function endpoint when the subscription is created, which fails while
// the code is not deployed yet. azd's postdeploy hook makes it (infra/azure/hooks/subscribe-email-events.sh).
resource emailEvents 'Microsoft.EventGrid/systemTopics@2022-06-15' = {
  name: eventsTopicName
  location: 'global'
  tags: tags
  properties: {
    source: communicationService.outputs.resourceId
    topicType: 'Microsoft.Communication.CommunicationServices'
  }
}

@description('The name of the Event Grid system topic of the Communication Services resource.')
output eventsTopicName string = emailEvents.name

@description('The name of the Communication Services resource.')
output name string = communicationService.outputs.name

@description('The resource ID of the Communication Services resource.')
output resourceId string = communicationService.outputs.resourceId

@description('The Communication Services endpoint (ACS_ENDPOINT).')
output endpoint string = 'https://${communicationService.outputs.endpoint}/'

@description('The sender address (EMAIL_SENDER_ADDRESS).')
output senderAddress string = '${senderUsername}@${emailService.outputs.domainFromSenderDomains[0]}'
