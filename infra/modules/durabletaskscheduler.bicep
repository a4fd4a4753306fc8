// Optional Durable backend: an Azure Durable Task Scheduler with the App's task hub. Identity-based only.
import { builtInRoles } from 'roles.bicep'

@description('Scheduler name.')
param name string

@description('Azure region.')
param location string

@description('Tags for every resource.')
param tags object

@description('Task hub name; the same as the App\'s Durable hubName.')
param taskHubName string

@description('Principal id of the App identity.')
param principalId string

@description('Scheduler SKU: Consumption or Dedicated.')
@allowed([
  'Consumption'
  'Dedicated'
])
param skuName string

resource scheduler 'Microsoft.DurableTask/schedulers@2025-11-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    ipAllowlist: [
      '0.0.0.0/0'
    ]
    sku: skuName == 'Dedicated'
      ? {
          name: 'Dedicated'
          capacity: 1
        }
      : {
          name: 'Consumption'
        }
  }
}

resource taskHub 'Microsoft.DurableTask/schedulers/taskHubs@2025-11-01' = {
  parent: scheduler
  name: taskHubName
}

resource dataContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(taskHub.id, principalId, builtInRoles.durableTaskDataContributor)
  scope: taskHub
  properties: {
    principalId: principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', builtInRoles.durableTaskDataContributor)
  }
}

@description('Scheduler endpoint (https URL).')
output endpoint string = scheduler.properties.endpoint

@description('Task hub name.')
output taskHubName string = taskHub.name
