// DeltaFunctions on Azure: the Functions App on Flex Consumption (.NET 10 isolated) with its storage, Service Bus
// queues, Key Vault, monitoring, alerts and workbook, all reached through one user-assigned managed identity.
// The Databricks workspace is not created here: its resource id is a parameter, and the identity is the recommended
// way for the App to authenticate to it (auth type azure-msi). Deploy into an existing resource group:
//   az deployment group create -g <rg> -f infra/main.bicep -p infra/main.<env>.bicepparam
targetScope = 'resourceGroup'

@description('Environment name, part of every resource name.')
@allowed([
  'dev'
  'prod'
])
param environmentName string

@description('Short lower-case name prefix (letters and digits; the storage account name is built from it).')
@minLength(3)
@maxLength(8)
param namePrefix string = 'deltafn'

@description('Azure region; the resource group\'s by default. It must offer Flex Consumption.')
param location string = resourceGroup().location

@description('Tags added to every resource.')
param tags object = {}

// ---- Durable Functions backend -------------------------------------------------------------------------------------

@description('Where Durable Functions keeps orchestration state: AzureStorage (the App\'s storage account) or DurableTaskScheduler (an Azure Durable Task Scheduler created here; the App then needs the Microsoft.Azure.Functions.Worker.Extensions.DurableTask.AzureManaged package).')
@allowed([
  'AzureStorage'
  'DurableTaskScheduler'
])
param durableBackend string = 'AzureStorage'

@description('Durable Task Scheduler SKU (DurableTaskScheduler backend only).')
@allowed([
  'Consumption'
  'Dedicated'
])
param durableTaskSchedulerSku string = 'Consumption'

@description('Durable task hub name; host.json sets the same name (DeltaFunctions).')
param durableTaskHubName string = 'DeltaFunctions'

// ---- Databricks -----------------------------------------------------------------------------------------------------

@description('Resource id of the Azure Databricks workspace (/subscriptions/.../providers/Microsoft.Databricks/workspaces/<name>): DATABRICKS_AZURE_RESOURCE_ID, and the source of DATABRICKS_HOST.')
param databricksWorkspaceResourceId string

@description('Workspace URL; empty to read it from the workspace resource (the deploying principal needs read access to it).')
param databricksHost string = ''

@description('Databricks auth type (DATABRICKS_AUTH_TYPE). azure-msi uses the App\'s managed identity and needs no secret.')
@allowed([
  'azure-msi'
  'azure-client-secret'
  'oauth-m2m'
  'pat'
])
param databricksAuthType string = 'azure-msi'

@description('Databricks OAuth M2M client id (oauth-m2m).')
param databricksClientId string = ''

@description('Entra ID application id (azure-client-secret). With azure-msi the App identity\'s client id is used.')
param azureClientId string = ''

@description('Entra ID tenant (azure-client-secret); this subscription\'s tenant when empty.')
param azureTenantId string = ''

@description('Entra ID authority host for sovereign clouds; empty to derive it from the workspace host.')
param azureAuthorityHost string = ''

@description('Databricks personal access token (pat); stored in Key Vault.')
@secure()
param databricksToken string = ''

@description('Databricks OAuth M2M client secret (oauth-m2m); stored in Key Vault.')
@secure()
param databricksClientSecret string = ''

@description('Entra ID client secret (azure-client-secret); stored in Key Vault.')
@secure()
param azureClientSecret string = ''

@description('Default SQL warehouse id (DATABRICKS_WAREHOUSE_ID).')
param databricksWarehouseId string

@description('Default catalog (DATABRICKS_CATALOG).')
param databricksCatalog string = 'main'

@description('Default schema (DATABRICKS_SCHEMA).')
param databricksSchema string = 'default'

@description('Per-attempt HTTP timeout in seconds (DATABRICKS_TIMEOUT_SECS).')
@minValue(1)
param databricksTimeoutSeconds int = 30

@description('Requests per second the client admits (DATABRICKS_RATE_LIMIT).')
@minValue(1)
param databricksRateLimit int = 100

@description('Retries of a failed request (DATABRICKS_MAX_RETRIES).')
@minValue(0)
param databricksMaxRetries int = 3

@description('Dry run (DATABRICKS_DRY_RUN): every mutating Databricks call sends nothing and reports what it would have sent; reads still run.')
param databricksDryRun bool = false

@description('Databricks client tuning (Databricks section), with the client\'s defaults.')
param databricksTuning object = {
  totalTimeoutSeconds: '300'
  retryBaseDelay: '00:00:01'
  retryMaxDelay: '00:00:30'
  retryAfterMax: '00:01:00'
  rateLimitQueueLimit: '10000'
  circuitBreakerFailureRatio: '0.5'
  circuitBreakerMinimumThroughput: '20'
  circuitBreakerSamplingDuration: '00:00:30'
  circuitBreakerBreakDuration: '00:00:15'
}

// ---- Pipelines and maintenance --------------------------------------------------------------------------------------

@description('Merge and SQL handler settings (Pipelines:Handlers), with the App\'s defaults. An empty warehouseId falls back to DATABRICKS_WAREHOUSE_ID; an empty stagingVolumePath binds every merge batch inside the statement.')
param handlers object = {
  warehouseId: ''
  appendBatchIdColumn: '_batch_id'
  rowEncoding: 'JsonParameter'
  defaultRetryAfter: '00:00:30'
  conflictRetryAfter: '00:00:05'
  maxConflictRetries: '3'
  statementTimeout: '00:05:00'
  inlineRowLimit: '1000'
  inlineByteLimit: '262144'
  stagingVolumePath: ''
}

@description('NCRONTAB schedule of the OPTIMIZE timer (Maintenance:OptimizeSchedule).')
param optimizeSchedule string = '0 0 2 * * *'

@description('NCRONTAB schedule of the VACUUM timer (Maintenance:VacuumSchedule).')
param vacuumSchedule string = '0 0 3 * * 0'

@description('The maintenance plan (Maintenance:Plan) as an object; stored as JSON.')
param maintenancePlan object

@description('Whether the maintenance timers only list what they would OPTIMIZE and VACUUM (Maintenance:DryRun).')
param maintenanceDryRun bool = false

// ---- Service Bus ----------------------------------------------------------------------------------------------------

@description('Reply queues SQL clients name in replyTo.')
param sqlReplyQueues array = [
  'sql-replies'
]

@description('Peek-lock duration of one delivery (at most PT5M; the host renews it while the function runs).')
param serviceBusLockDuration string = 'PT5M'

@description('Deliveries before a message is dead-lettered.')
@minValue(1)
@maxValue(2000)
param serviceBusMaxDeliveryCount int = 10

@description('Message time to live; expired messages are dead-lettered.')
param serviceBusMessageTimeToLive string = 'P14D'

@description('Duplicate detection window on MessageId: longer than all deliveries of one message (10 x the 10-minute functionTimeout = 100 minutes).')
param serviceBusDuplicateDetectionWindow string = 'P1D'

// ---- Hosting and monitoring -----------------------------------------------------------------------------------------

@description('Most instances Flex Consumption scales the App out to.')
@minValue(40)
@maxValue(1000)
param maximumInstanceCount int = 100

@description('Memory of one App instance in MB.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int = 2048

@description('Days Log Analytics keeps data.')
@minValue(30)
@maxValue(730)
param logRetentionInDays int = 30

@description('Days a deleted Key Vault secret can be recovered.')
@minValue(7)
@maxValue(90)
param keyVaultSoftDeleteDays int = 90

@description('E-mail address alerts go to; empty for none.')
param alertEmail string = ''

var token = uniqueString(resourceGroup().id, environmentName)
var baseName = '${namePrefix}-${environmentName}'
var allTags = union(tags, {
  application: 'DeltaFunctions'
  environment: environmentName
})
var requestQueues = [
  'merge-requests'
  'sql-requests'
  'job-requests'
]
var useScheduler = durableBackend == 'DurableTaskScheduler'
var workspaceIdParts = split(databricksWorkspaceResourceId, '/')

resource databricksWorkspace 'Microsoft.Databricks/workspaces@2024-05-01' existing = {
  name: last(workspaceIdParts)
  scope: resourceGroup(workspaceIdParts[2], workspaceIdParts[4])
}

module identity 'modules/identity.bicep' = {
  name: 'identity'
  params: {
    name: 'id-${baseName}-${token}'
    location: location
    tags: allTags
  }
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  params: {
    workspaceName: 'log-${baseName}-${token}'
    appInsightsName: 'appi-${baseName}-${token}'
    location: location
    tags: allTags
    retentionInDays: logRetentionInDays
  }
}

module storage 'modules/storage.bicep' = {
  name: 'storage'
  params: {
    name: take(toLower('st${namePrefix}${environmentName}${token}'), 24)
    location: location
    tags: allTags
    deploymentContainerName: 'app-package'
    principalId: identity.outputs.principalId
    durableUsesStorage: !useScheduler
  }
}

module serviceBus 'modules/servicebus.bicep' = {
  name: 'servicebus'
  params: {
    name: 'sb-${baseName}-${token}'
    location: location
    tags: allTags
    principalId: identity.outputs.principalId
    requestQueues: requestQueues
    replyQueues: sqlReplyQueues
    lockDuration: serviceBusLockDuration
    maxDeliveryCount: serviceBusMaxDeliveryCount
    defaultMessageTimeToLive: serviceBusMessageTimeToLive
    duplicateDetectionHistoryTimeWindow: serviceBusDuplicateDetectionWindow
  }
}

module keyVault 'modules/keyvault.bicep' = {
  name: 'keyvault'
  params: {
    name: take('kv-${namePrefix}-${token}', 24)
    location: location
    tags: allTags
    principalId: identity.outputs.principalId
    softDeleteRetentionInDays: keyVaultSoftDeleteDays
    databricksToken: databricksToken
    databricksClientSecret: databricksClientSecret
    azureClientSecret: azureClientSecret
  }
}

module scheduler 'modules/durabletaskscheduler.bicep' = if (useScheduler) {
  name: 'durabletaskscheduler'
  params: {
    name: 'dts-${baseName}-${token}'
    location: location
    tags: allTags
    taskHubName: durableTaskHubName
    principalId: identity.outputs.principalId
    skuName: durableTaskSchedulerSku
  }
}

var vaultName = keyVault.outputs.name
var secretNames = keyVault.outputs.secretNames

module functionApp 'modules/functionapp.bicep' = {
  name: 'functionapp'
  params: {
    name: 'func-${baseName}-${token}'
    planName: 'plan-${baseName}-${token}'
    location: location
    tags: allTags
    identityId: identity.outputs.id
    identityClientId: identity.outputs.clientId
    storageAccountName: storage.outputs.name
    deploymentContainerUrl: storage.outputs.deploymentContainerUrl
    maximumInstanceCount: maximumInstanceCount
    instanceMemoryMB: instanceMemoryMB
    appInsightsConnectionString: monitoring.outputs.connectionString
    serviceBusNamespace: serviceBus.outputs.fullyQualifiedNamespace
    durableBackend: durableBackend
    durableTaskHubName: durableTaskHubName
    durableTaskSchedulerEndpoint: useScheduler ? scheduler!.outputs.endpoint : ''
    databricks: {
      host: empty(databricksHost) ? 'https://${databricksWorkspace.properties.workspaceUrl}' : databricksHost
      authType: databricksAuthType
      tokenReference: empty(databricksToken)
        ? ''
        : '@Microsoft.KeyVault(VaultName=${vaultName};SecretName=${secretNames.databricksToken})'
      clientId: databricksClientId
      clientSecretReference: empty(databricksClientSecret)
        ? ''
        : '@Microsoft.KeyVault(VaultName=${vaultName};SecretName=${secretNames.databricksClientSecret})'
      azureTenantId: databricksAuthType == 'azure-client-secret'
        ? (empty(azureTenantId) ? subscription().tenantId : azureTenantId)
        : azureTenantId
      azureClientId: databricksAuthType == 'azure-msi' ? identity.outputs.clientId : azureClientId
      azureClientSecretReference: empty(azureClientSecret)
        ? ''
        : '@Microsoft.KeyVault(VaultName=${vaultName};SecretName=${secretNames.azureClientSecret})'
      useMsi: databricksAuthType == 'azure-msi' ? 'true' : 'false'
      azureResourceId: databricksWorkspaceResourceId
      azureAuthorityHost: azureAuthorityHost
      warehouseId: databricksWarehouseId
      catalog: databricksCatalog
      schema: databricksSchema
      timeoutSeconds: string(databricksTimeoutSeconds)
      rateLimit: string(databricksRateLimit)
      maxRetries: string(databricksMaxRetries)
      dryRun: databricksDryRun ? 'true' : 'false'
    }
    databricksTuning: databricksTuning
    handlers: handlers
    maintenance: {
      optimizeSchedule: optimizeSchedule
      vacuumSchedule: vacuumSchedule
      plan: string(maintenancePlan)
      dryRun: maintenanceDryRun ? 'true' : 'false'
    }
  }
}

module alerts 'modules/alerts.bicep' = {
  name: 'alerts'
  params: {
    prefix: baseName
    location: location
    tags: allTags
    appInsightsId: monitoring.outputs.appInsightsId
    serviceBusId: serviceBus.outputs.id
    queues: requestQueues
    alertEmail: alertEmail
  }
}

module workbook 'modules/workbook.bicep' = {
  name: 'workbook'
  params: {
    displayName: 'DeltaFunctions operations (${environmentName})'
    location: location
    tags: allTags
    appInsightsId: monitoring.outputs.appInsightsId
  }
}

@description('Function app name: the target of the zip deploy.')
output functionAppName string = functionApp.outputs.name

@description('Default host name of the function app.')
output functionAppHostName string = functionApp.outputs.defaultHostName

@description('Storage account of the App.')
output storageAccountName string = storage.outputs.name

@description('Service Bus namespace host name.')
output serviceBusNamespace string = serviceBus.outputs.fullyQualifiedNamespace

@description('Key Vault holding the Databricks secrets.')
output keyVaultName string = vaultName

@description('Application Insights component name.')
output appInsightsName string = monitoring.outputs.appInsightsName

@description('Client id of the App identity: add it to the Databricks workspace as a service principal.')
output identityClientId string = identity.outputs.clientId

@description('Principal id of the App identity.')
output identityPrincipalId string = identity.outputs.principalId

@description('Durable backend in use.')
output durableBackend string = durableBackend

@description('Alert rules created.')
output alertNames array = alerts.outputs.alertNames
