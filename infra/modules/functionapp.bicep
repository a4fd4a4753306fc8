// The App: a Flex Consumption plan (FC1, Linux) and the function app (.NET 10 isolated worker) running as the
// user-assigned identity. Every app setting the App reads is set here, by name or in its identity-based `__` form
// (tests/DeltaFunctions.Deployment.Tests checks the compiled template against local.settings.sample.json, the README
// and the client's configuration keys). Flex Consumption takes the runtime from functionAppConfig.runtime, not from
// FUNCTIONS_WORKER_RUNTIME, and rejects that setting.

@description('Function app name.')
param name string

@description('Flex Consumption plan name.')
param planName string

@description('Azure region.')
param location string

@description('Tags for every resource.')
param tags object

@description('Resource id of the App identity.')
param identityId string

@description('Client id of the App identity.')
param identityClientId string

@description('Storage account name (host storage, Durable Azure Storage backend).')
param storageAccountName string

@description('URL of the blob container Flex Consumption deploys from.')
param deploymentContainerUrl string

@description('Most instances the plan scales out to.')
@minValue(40)
@maxValue(1000)
param maximumInstanceCount int

@description('Memory of one instance in MB.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int

@description('Application Insights connection string.')
param appInsightsConnectionString string

@description('Service Bus namespace host name (<name>.servicebus.windows.net).')
param serviceBusNamespace string

@description('Durable backend: AzureStorage (the task hub in the App\'s storage account) or DurableTaskScheduler.')
@allowed([
  'AzureStorage'
  'DurableTaskScheduler'
])
param durableBackend string

@description('Durable task hub name (overrides host.json hubName, so the scheduler\'s task hub and the App agree).')
param durableTaskHubName string

@description('Durable Task Scheduler endpoint, or empty with the AzureStorage backend.')
param durableTaskSchedulerEndpoint string

@description('Databricks settings: DATABRICKS_* and the Entra ID settings, as the client reads them.')
param databricks object

@description('Databricks client tuning settings (Databricks section), each a string as an app setting carries it.')
param databricksTuning object

@description('Pipelines:Handlers settings, each a string.')
param handlers object

@description('Maintenance settings: optimizeSchedule, vacuumSchedule (NCRONTAB) and plan (JSON).')
param maintenance object

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    tier: 'FlexConsumption'
    name: 'FC1'
  }
  properties: {
    reserved: true
  }
}

resource site 'Microsoft.Web/sites@2024-04-01' = {
  name: name
  location: location
  tags: tags
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    keyVaultReferenceIdentity: identityId
    siteConfig: {
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
      http20Enabled: true
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: deploymentContainerUrl
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identityId
          }
        }
      }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: instanceMemoryMB
      }
      runtime: {
        name: 'dotnet-isolated'
        version: '10.0'
      }
    }
  }
}

var useScheduler = durableBackend == 'DurableTaskScheduler'

resource appSettings 'Microsoft.Web/sites/config@2024-04-01' = {
  parent: site
  name: 'appsettings'
  properties: {
    // Host storage and the Durable Azure Storage backend, identity-based (no keys).
    AzureWebJobsStorage__accountName: storageAccountName
    AzureWebJobsStorage__credential: 'managedidentity'
    AzureWebJobsStorage__clientId: identityClientId
    APPLICATIONINSIGHTS_CONNECTION_STRING: appInsightsConnectionString

    // Durable backend, overriding host.json (AzureFunctionsJobHost__ is the host.json override prefix).
    AzureFunctionsJobHost__extensions__durableTask__hubName: durableTaskHubName
    AzureFunctionsJobHost__extensions__durableTask__storageProvider__type: useScheduler ? 'azureManaged' : 'AzureStorage'
    AzureFunctionsJobHost__extensions__durableTask__storageProvider__connectionStringName: useScheduler
      ? 'DURABLE_TASK_SCHEDULER_CONNECTION_STRING'
      : 'AzureWebJobsStorage'
    DURABLE_TASK_SCHEDULER_CONNECTION_STRING: useScheduler
      ? 'Endpoint=${durableTaskSchedulerEndpoint};Authentication=ManagedIdentity;ClientID=${identityClientId}'
      : ''

    // The three queue triggers and the SQL reply sender, identity-based.
    ServiceBusConnection__fullyQualifiedNamespace: serviceBusNamespace
    ServiceBusConnection__credential: 'managedidentity'
    ServiceBusConnection__clientId: identityClientId

    // Databricks client (README, Configuration). Secrets are Key Vault references or empty.
    DATABRICKS_HOST: databricks.host
    DATABRICKS_AUTH_TYPE: databricks.authType
    DATABRICKS_TOKEN: databricks.tokenReference
    DATABRICKS_CLIENT_ID: databricks.clientId
    DATABRICKS_CLIENT_SECRET: databricks.clientSecretReference
    AZURE_TENANT_ID: databricks.azureTenantId
    AZURE_CLIENT_ID: databricks.azureClientId
    AZURE_CLIENT_SECRET: databricks.azureClientSecretReference
    ARM_USE_MSI: databricks.useMsi
    DATABRICKS_AZURE_RESOURCE_ID: databricks.azureResourceId
    AZURE_AUTHORITY_HOST: databricks.azureAuthorityHost
    DATABRICKS_WAREHOUSE_ID: databricks.warehouseId
    DATABRICKS_CATALOG: databricks.catalog
    DATABRICKS_SCHEMA: databricks.schema
    DATABRICKS_TIMEOUT_SECS: databricks.timeoutSeconds
    DATABRICKS_RATE_LIMIT: databricks.rateLimit
    DATABRICKS_MAX_RETRIES: databricks.maxRetries
    DATABRICKS_DRY_RUN: databricks.dryRun
    Databricks__TotalTimeoutSeconds: databricksTuning.totalTimeoutSeconds
    Databricks__RetryBaseDelay: databricksTuning.retryBaseDelay
    Databricks__RetryMaxDelay: databricksTuning.retryMaxDelay
    Databricks__RetryAfterMax: databricksTuning.retryAfterMax
    Databricks__RateLimitQueueLimit: databricksTuning.rateLimitQueueLimit
    Databricks__CircuitBreakerFailureRatio: databricksTuning.circuitBreakerFailureRatio
    Databricks__CircuitBreakerMinimumThroughput: databricksTuning.circuitBreakerMinimumThroughput
    Databricks__CircuitBreakerSamplingDuration: databricksTuning.circuitBreakerSamplingDuration
    Databricks__CircuitBreakerBreakDuration: databricksTuning.circuitBreakerBreakDuration

    // Merge and SQL request handlers (Pipelines:Handlers).
    Pipelines__Handlers__WarehouseId: handlers.warehouseId
    Pipelines__Handlers__AppendBatchIdColumn: handlers.appendBatchIdColumn
    Pipelines__Handlers__RowEncoding: handlers.rowEncoding
    Pipelines__Handlers__DefaultRetryAfter: handlers.defaultRetryAfter
    Pipelines__Handlers__ConflictRetryAfter: handlers.conflictRetryAfter
    Pipelines__Handlers__MaxConflictRetries: handlers.maxConflictRetries
    Pipelines__Handlers__StatementTimeout: handlers.statementTimeout
    Pipelines__Handlers__InlineRowLimit: handlers.inlineRowLimit
    Pipelines__Handlers__InlineByteLimit: handlers.inlineByteLimit
    Pipelines__Handlers__StagingVolumePath: handlers.stagingVolumePath

    // OPTIMIZE and VACUUM timers.
    Maintenance__OptimizeSchedule: maintenance.optimizeSchedule
    Maintenance__VacuumSchedule: maintenance.vacuumSchedule
    Maintenance__Plan: maintenance.plan
    Maintenance__DryRun: maintenance.dryRun
  }
}

@description('Function app name (the zip deploy target).')
output name string = site.name

@description('Resource id of the function app.')
output id string = site.id

@description('Default host name of the function app.')
output defaultHostName string = site.properties.defaultHostName
