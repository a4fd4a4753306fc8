// Built-in Azure role definition ids, in one place (Azure RBAC "built-in roles" reference). Each module imports the ones
// it assigns; the deployment test checks the compiled template grants exactly these to the App's identity.

@export()
@description('Built-in role definition ids by role name.')
var builtInRoles = {
  // Host storage (AzureWebJobsStorage), the Durable task hub's blobs and leases, the Flex deployment container.
  storageBlobDataOwner: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
  // Durable Functions' Azure Storage backend: control and work-item queues.
  storageQueueDataContributor: '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
  // Durable Functions' Azure Storage backend: History and Instances tables.
  storageTableDataContributor: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
  // The three queue triggers: receive, complete, abandon, dead-letter.
  serviceBusDataReceiver: '4f6d3b9b-027b-4f4c-9142-0e5a2a2247e0'
  // SQL results sent to reply queues.
  serviceBusDataSender: '69a216fc-b8fb-44d8-bc22-1f3c2cd27a39'
  // Key Vault references of the Databricks secrets.
  keyVaultSecretsUser: '4633458b-17de-408a-b874-0445c86b69e6'
  // The Durable Task Scheduler backend.
  durableTaskDataContributor: '0ad04412-c4d5-4796-b79c-f76d14c8d402'
}
