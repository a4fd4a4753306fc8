using System.Text.Json.Serialization;
using DeltaFunctions.Pipelines.Handlers;
using DeltaFunctions.Pipelines.Jobs;
using DeltaFunctions.Pipelines.Maintenance;
using DeltaFunctions.Pipelines.Merge;
using DeltaFunctions.Pipelines.Sql;

namespace DeltaFunctions.Pipelines;

/// <summary>
/// The source-generated JSON context for every Pipelines contract: requests, results and the inputs and outputs
/// of activities. Our own wire format is camelCase (field paths in validation problems use the same names); enums
/// are written as their names. The App hands <c>PipelinesJsonContext.Default.Options</c> to the Durable data
/// converter so orchestration payloads never go through reflection.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true,
    RespectNullableAnnotations = true)]
[JsonSerializable(typeof(JobRunRequest))]
[JsonSerializable(typeof(MergeRequest))]
[JsonSerializable(typeof(SqlRequest))]
[JsonSerializable(typeof(MaintenancePlan))]
[JsonSerializable(typeof(JobRunResult))]
[JsonSerializable(typeof(SubmitJobRunInput))]
[JsonSerializable(typeof(SubmittedJobRun))]
[JsonSerializable(typeof(JobRunReference))]
[JsonSerializable(typeof(JobRunSnapshot))]
[JsonSerializable(typeof(JobRunOutputSummary))]
[JsonSerializable(typeof(bool))]
[JsonSerializable(typeof(MaintenanceRunRequest))]
[JsonSerializable(typeof(MaintenanceSummary))]
[JsonSerializable(typeof(StartStatementInput))]
[JsonSerializable(typeof(StatementHandle))]
[JsonSerializable(typeof(StatementStatusSnapshot))]
[JsonSerializable(typeof(TableMaintenanceInfo))]
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(MergeRequestResult))]
[JsonSerializable(typeof(SqlRequestResult))]
[JsonSerializable(typeof(SqlResultPage))]
public sealed partial class PipelinesJsonContext : JsonSerializerContext;
