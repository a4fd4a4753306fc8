// Production: more instances, 90 days of logs, alerts mailed to the on-call address. Replace the workspace, warehouse
// and address with yours. Durable state stays in Azure Storage; switch durableBackend to 'DurableTaskScheduler' once
// the App references Microsoft.Azure.Functions.Worker.Extensions.DurableTask.AzureManaged (docs/runbooks.md).
using 'main.bicep'

param environmentName = 'prod'
param durableBackend = 'AzureStorage'
param databricksWorkspaceResourceId = '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-databricks-prod/providers/Microsoft.Databricks/workspaces/dbw-deltafn-prod'
param databricksAuthType = 'azure-msi'
param databricksWarehouseId = '0000000000000000'
param maximumInstanceCount = 200
param instanceMemoryMB = 4096
param logRetentionInDays = 90
param keyVaultSoftDeleteDays = 90
param alertEmail = 'oncall@example.com'
param maintenancePlan = {
  tables: [
    {
      name: 'main.sales.orders'
      zOrderBy: [
        'customer_id'
      ]
      vacuumRetentionHours: 168
    }
    {
      name: 'main.sales.order_items'
      days: [
        'Sunday'
      ]
    }
  ]
  schedule: {
    timeZone: 'UTC'
  }
  statementTimeoutMinutes: 120
}
