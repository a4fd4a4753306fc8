// Key Vault (RBAC authorization) holding the Databricks secrets the App reads through Key Vault references. Only the
// secrets given are created; with managed identity auth there are none.
import { builtInRoles } from 'roles.bicep'

@description('Vault name.')
param name string

@description('Azure region.')
param location string

@description('Tags for every resource.')
param tags object

@description('Principal id of the App identity.')
param principalId string

@description('Days a deleted vault or secret can be recovered.')
@minValue(7)
@maxValue(90)
param softDeleteRetentionInDays int

@description('Databricks personal access token (auth type pat), or empty.')
@secure()
param databricksToken string

@description('Databricks OAuth M2M client secret (auth type oauth-m2m), or empty.')
@secure()
param databricksClientSecret string

@description('Entra ID client secret (auth type azure-client-secret), or empty.')
@secure()
param azureClientSecret string

var secretNames = {
  databricksToken: 'databricks-token'
  databricksClientSecret: 'databricks-client-secret'
  azureClientSecret: 'azure-client-secret'
}

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    tenantId: subscription().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: softDeleteRetentionInDays
    enablePurgeProtection: true
    publicNetworkAccess: 'Enabled'
  }
}

resource tokenSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (!empty(databricksToken)) {
  parent: vault
  name: secretNames.databricksToken
  properties: {
    value: databricksToken
    contentType: 'Databricks personal access token'
  }
}

resource clientSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (!empty(databricksClientSecret)) {
  parent: vault
  name: secretNames.databricksClientSecret
  properties: {
    value: databricksClientSecret
    contentType: 'Databricks OAuth M2M client secret'
  }
}

resource azureSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (!empty(azureClientSecret)) {
  parent: vault
  name: secretNames.azureClientSecret
  properties: {
    value: azureClientSecret
    contentType: 'Entra ID client secret'
  }
}

resource secretsUser 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(vault.id, principalId, builtInRoles.keyVaultSecretsUser)
  scope: vault
  properties: {
    principalId: principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', builtInRoles.keyVaultSecretsUser)
  }
}

@description('Vault name.')
output name string = vault.name

@description('Names of the secrets created, by setting: the App\'s Key Vault references point at these.')
output secretNames object = secretNames
