// The operations workbook (monitoring/azure-workbook.json): the seven panels of the Grafana dashboard over the
// Application Insights custom metrics.

@description('Display name of the workbook.')
param displayName string

@description('Azure region.')
param location string

@description('Tags for every resource.')
param tags object

@description('Resource id of the Application Insights component the workbook queries.')
param appInsightsId string

resource workbook 'Microsoft.Insights/workbooks@2023-06-01' = {
  name: guid(resourceGroup().id, appInsightsId, 'deltafunctions-operations')
  location: location
  tags: tags
  kind: 'shared'
  properties: {
    displayName: displayName
    category: 'workbook'
    sourceId: appInsightsId
    serializedData: loadTextContent('../../monitoring/azure-workbook.json')
  }
}

@description('Resource id of the workbook.')
output id string = workbook.id
