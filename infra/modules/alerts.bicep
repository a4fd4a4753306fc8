// Azure Monitor alerts for the App: the five Databricks alerts of monitoring/prometheus/alerts.yml as log alerts over
// the Application Insights custom metrics the client emits (meter DeltaFunctions.Databricks), failed Durable
// orchestrations (the Durable extension's tracking traces), and dead-lettered Service Bus messages (platform metric).
// docs/runbooks.md says what to do for each one.

@description('Name prefix of the alert rules.')
param prefix string

@description('Azure region of the log alerts.')
param location string

@description('Tags for every resource.')
param tags object

@description('Resource id of the Application Insights component the queries run on.')
param appInsightsId string

@description('Resource id of the Service Bus namespace.')
param serviceBusId string

@description('Queues whose dead-letter count is watched.')
param queues array

@description('E-mail address the action group notifies, or empty for none.')
param alertEmail string

resource actionGroup 'Microsoft.Insights/actionGroups@2023-01-01' = {
  name: '${prefix}-ops'
  location: 'global'
  tags: tags
  properties: {
    groupShortName: take('dfops${uniqueString(prefix)}', 12)
    enabled: true
    emailReceivers: empty(alertEmail)
      ? []
      : [
          {
            name: 'operations'
            emailAddress: alertEmail
            useCommonAlertSchema: true
          }
        ]
  }
}

// name, description, severity, window and frequency, query, the column it measures, operator and threshold.
var logAlerts = [
  {
    name: 'DatabricksHighErrorRate'
    description: 'More than 5% of Databricks API calls failed in 5 minutes (at least 20 requests). Runbook: docs/runbooks.md#databrickshigherrorrate.'
    severity: 2
    window: 'PT5M'
    frequency: 'PT5M'
    query: 'customMetrics | where name in ("databricks_api_requests_total", "databricks_errors_total") | summarize Requests = sumif(valueSum, name == "databricks_api_requests_total"), Errors = sumif(valueSum, name == "databricks_errors_total") | extend ErrorRatio = iff(Requests >= 20, Errors / Requests, 0.0)'
    measure: 'ErrorRatio'
    aggregation: 'Maximum'
    operator: 'GreaterThan'
    threshold: json('0.05')
  }
  {
    name: 'DatabricksRateLimited'
    description: 'Databricks answered 429 more than 10 times in 5 minutes. Runbook: docs/runbooks.md#databricksratelimited.'
    severity: 3
    window: 'PT5M'
    frequency: 'PT5M'
    query: 'customMetrics | where name == "databricks_rate_limits_total" and tostring(customDimensions["source"]) == "server" | summarize Throttled = sum(valueSum)'
    measure: 'Throttled'
    aggregation: 'Total'
    operator: 'GreaterThan'
    threshold: 10
  }
  {
    name: 'DatabricksCircuitBreakerOpen'
    description: 'The client\'s circuit breaker is open (1) or isolated (3): calls to Databricks fail fast. Runbook: docs/runbooks.md#databrickscircuitbreakeropen.'
    severity: 1
    window: 'PT5M'
    frequency: 'PT1M'
    query: 'customMetrics | where name == "databricks_circuit_breaker_state" | summarize OpenReadings = countif(value == 1 or value == 3)'
    measure: 'OpenReadings'
    aggregation: 'Total'
    operator: 'GreaterThan'
    threshold: 0
  }
  {
    name: 'DatabricksJobDurationHigh'
    description: 'A Databricks job run took longer than one hour. Runbook: docs/runbooks.md#databricksjobdurationhigh.'
    severity: 3
    window: 'PT1H'
    frequency: 'PT15M'
    query: 'customMetrics | where name == "databricks_job_duration_seconds" | summarize LongestRunSeconds = max(valueMax)'
    measure: 'LongestRunSeconds'
    aggregation: 'Maximum'
    operator: 'GreaterThan'
    threshold: 3600
  }
  {
    name: 'DatabricksAuthFailures'
    description: 'Databricks rejected the App\'s credentials, or no token could be obtained. Runbook: docs/runbooks.md#databricksauthfailures.'
    severity: 1
    window: 'PT5M'
    frequency: 'PT5M'
    query: 'customMetrics | where name == "databricks_errors_total" | where tostring(customDimensions["error_type"]) in ("UNAUTHENTICATED", "PERMISSION_DENIED", "AuthenticationFailedException", "CredentialUnavailableException") | summarize AuthFailures = sum(valueSum)'
    measure: 'AuthFailures'
    aggregation: 'Total'
    operator: 'GreaterThan'
    threshold: 0
  }
  {
    name: 'DurableOrchestrationFailed'
    description: 'A Durable orchestration (job run or maintenance) ended Failed. Runbook: docs/runbooks.md#stuck-or-failed-orchestrations.'
    severity: 2
    window: 'PT15M'
    frequency: 'PT5M'
    query: 'traces | where tostring(customDimensions["Category"]) == "Host.Triggers.DurableTask" | where tostring(customDimensions["prop__functionType"]) == "Orchestrator" and tostring(customDimensions["prop__state"]) == "Failed" | summarize Failed = dcount(tostring(customDimensions["prop__instanceId"]))'
    measure: 'Failed'
    aggregation: 'Total'
    operator: 'GreaterThan'
    threshold: 0
  }
]

resource scheduledQueryRules 'Microsoft.Insights/scheduledQueryRules@2023-03-15-preview' = [
  for alert in logAlerts: {
    name: '${prefix}-${alert.name}'
    location: location
    tags: tags
    kind: 'LogAlert'
    properties: {
      displayName: alert.name
      description: alert.description
      severity: alert.severity
      enabled: true
      scopes: [
        appInsightsId
      ]
      evaluationFrequency: alert.frequency
      windowSize: alert.window
      criteria: {
        allOf: [
          {
            query: alert.query
            timeAggregation: alert.aggregation
            metricMeasureColumn: alert.measure
            operator: alert.operator
            threshold: alert.threshold
            failingPeriods: {
              numberOfEvaluationPeriods: 1
              minFailingPeriodsToAlert: 1
            }
          }
        ]
      }
      autoMitigate: true
      actions: {
        actionGroups: [
          actionGroup.id
        ]
      }
    }
  }
]

resource deadLetters 'Microsoft.Insights/metricAlerts@2018-03-01' = {
  name: '${prefix}-ServiceBusDeadLetteredMessages'
  location: 'global'
  tags: tags
  properties: {
    description: 'Messages are waiting in a dead-letter queue of merge-requests, sql-requests or job-requests. Runbook: docs/runbooks.md#dead-lettered-messages.'
    severity: 2
    enabled: true
    scopes: [
      serviceBusId
    ]
    evaluationFrequency: 'PT5M'
    windowSize: 'PT15M'
    targetResourceType: 'Microsoft.ServiceBus/namespaces'
    criteria: {
      'odata.type': 'Microsoft.Azure.Monitor.SingleResourceMultipleMetricCriteria'
      allOf: [
        {
          criterionType: 'StaticThresholdCriterion'
          name: 'DeadletteredMessages'
          metricNamespace: 'Microsoft.ServiceBus/namespaces'
          metricName: 'DeadletteredMessages'
          dimensions: [
            {
              name: 'EntityName'
              operator: 'Include'
              values: queues
            }
          ]
          operator: 'GreaterThan'
          threshold: 0
          timeAggregation: 'Maximum'
        }
      ]
    }
    autoMitigate: true
    actions: [
      {
        actionGroupId: actionGroup.id
      }
    ]
  }
}

@description('Names of the alert rules created.')
output alertNames array = concat(map(logAlerts, alert => alert.name), [
  'ServiceBusDeadLetteredMessages'
])
