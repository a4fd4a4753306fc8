// The one identity the App runs as: a user-assigned managed identity. Every data-plane role the App needs is granted
// to it by the module that owns the resource (storage, Service Bus, Key Vault, Durable Task Scheduler), scoped to that
// resource only.

@description('Name of the user-assigned managed identity.')
param name string

@description('Azure region.')
param location string

@description('Tags for every resource.')
param tags object

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: name
  location: location
  tags: tags
}

@description('Resource id of the identity.')
output id string = identity.id

@description('Client (application) id of the identity: AZURE_CLIENT_ID and the __clientId of identity-based connections.')
output clientId string = identity.properties.clientId

@description('Object (principal) id of the identity: the principal of its role assignments.')
output principalId string = identity.properties.principalId
