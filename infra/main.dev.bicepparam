// Development: Azure Storage as the Durable backend, small scale, short log retention, the App's managed identity
// as the Databricks credential. Replace the workspace and warehouse with yours.
using 'main.bicep'

param environmentName = 'dev'
param durableBackend = 'AzureStorage'
param databricksWorkspaceResourceId = '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-databricks-dev/providers/Microsoft.Databricks/workspaces/dbw-deltafn-dev'
param databricksAuthType = 'azure-msi'
param databricksWarehouseId = '0000000000000000'
param maximumInstanceCount = 40
param instanceMemoryMB = 2048
param logRetentionInDays = 30
param keyVaultSoftDeleteDays = 7
param maintenancePlan = {
  tables: [
    {
      name: 'main.sales.orders'
      zOrderBy: [
        'customer_id'
      ]
      vacuumRetentionHours: 168
    }
  ]
  schedule: {
    timeZone: 'UTC'
  }
}
