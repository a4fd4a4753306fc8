// The Service Bus namespace with the App's three request queues and the SQL reply queues. Standard tier: duplicate
// detection needs it. Local (SAS) auth is off; the App connects with its managed identity.
import { builtInRoles } from 'roles.bicep'

@description('Namespace name.')
param name string

@description('Azure region.')
param location string

@description('Tags for every resource.')
param tags object

@description('Principal id of the App identity.')
param principalId string

@description('Queues the App\'s triggers read: merge-requests, sql-requests, job-requests.')
param requestQueues array

@description('Reply queues SQL clients name in replyTo (the App sends results there).')
param replyQueues array

@description('Peek-lock duration of one delivery (ISO 8601, at most PT5M). The host renews the lock while a function runs (host.json maxAutoLockRenewalDuration).')
param lockDuration string

@description('Deliveries before Service Bus dead-letters a message (reason MaxDeliveryCountExceeded).')
@minValue(1)
@maxValue(2000)
param maxDeliveryCount int

@description('Time to live of a message (ISO 8601); an expired message is dead-lettered.')
param defaultMessageTimeToLive string

@description('Window in which a second message with the same MessageId is dropped (ISO 8601, at most P7D). Longer than all deliveries of one message together: maxDeliveryCount x the longest delivery (functionTimeout in host.json).')
param duplicateDetectionHistoryTimeWindow string

resource namespace 'Microsoft.ServiceBus/namespaces@2022-10-01-preview' = {
  name: name
  location: location
  tags: tags
  sku: {
    name: 'Standard'
    tier: 'Standard'
  }
  properties: {
    disableLocalAuth: true
    minimumTlsVersion: '1.2'
    publicNetworkAccess: 'Enabled'
  }
}

resource queues 'Microsoft.ServiceBus/namespaces/queues@2022-10-01-preview' = [
  for queue in concat(requestQueues, replyQueues): {
    parent: namespace
    name: queue
    properties: {
      lockDuration: lockDuration
      maxDeliveryCount: maxDeliveryCount
      defaultMessageTimeToLive: defaultMessageTimeToLive
      deadLetteringOnMessageExpiration: true
      requiresDuplicateDetection: true
      duplicateDetectionHistoryTimeWindow: duplicateDetectionHistoryTimeWindow
      requiresSession: false
      enablePartitioning: false
      enableBatchedOperations: true
    }
  }
]

resource receiver 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(namespace.id, principalId, builtInRoles.serviceBusDataReceiver)
  scope: namespace
  properties: {
    principalId: principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', builtInRoles.serviceBusDataReceiver)
  }
}

resource sender 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(namespace.id, principalId, builtInRoles.serviceBusDataSender)
  scope: namespace
  properties: {
    principalId: principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', builtInRoles.serviceBusDataSender)
  }
}

@description('Resource id of the namespace (scope of the dead-letter alert).')
output id string = namespace.id

@description('Namespace name.')
output name string = namespace.name

@description('Fully qualified namespace: ServiceBusConnection__fullyQualifiedNamespace.')
output fullyQualifiedNamespace string = '${namespace.name}.servicebus.windows.net'
