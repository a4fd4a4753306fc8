using System.Text.Json.Serialization;

namespace DeltaFunctions.Databricks.Jobs;

/// <summary>
/// The source-generated JSON context of the Jobs wire types, with the same options as the library's
/// <see cref="DatabricksJsonContext"/> (snake_case, nulls omitted).
/// </summary>
/// <remarks>
/// A separate context rather than a <c>DatabricksJsonContext.Jobs.cs</c> partial: the System.Text.Json generator
/// runs once per partial declaration that carries <see cref="JsonSerializableAttribute"/>, each run emitting every
/// type of the whole context, so a second attributed partial fails the build with duplicate hint names
/// (CS8785 "hintName 'DatabricksJsonContext.Boolean.g.cs' must be unique").
/// </remarks>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    NumberHandling = JsonNumberHandling.AllowReadingFromString,
    UseStringEnumConverter = false,
    AllowTrailingCommas = true,
    ReadCommentHandling = System.Text.Json.JsonCommentHandling.Skip)]
[JsonSerializable(typeof(SubmitRun))]
[JsonSerializable(typeof(RunNow))]
[JsonSerializable(typeof(RunIdResponse))]
[JsonSerializable(typeof(RunIdRequest))]
[JsonSerializable(typeof(JobIdRequest))]
[JsonSerializable(typeof(ResetJobRequest))]
[JsonSerializable(typeof(CreateJobResponse))]
[JsonSerializable(typeof(JobSettings))]
[JsonSerializable(typeof(Job))]
[JsonSerializable(typeof(Run))]
[JsonSerializable(typeof(RunOutput))]
[JsonSerializable(typeof(ListRunsResponse))]
[JsonSerializable(typeof(ListJobsResponse))]
[JsonSerializable(typeof(ClusterSpec))]
[JsonSerializable(typeof(JobTask))]
[JsonSerializable(typeof(RunState))]
[JsonSerializable(typeof(WorkspaceMkdirsRequest))]
[JsonSerializable(typeof(WorkspaceImportRequest))]
internal sealed partial class JobsJsonContext : JsonSerializerContext;
