using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using DeltaFunctions.Emulator.Auth;
using DeltaFunctions.Emulator.Catalog;
using DeltaFunctions.Emulator.Faults;
using DeltaFunctions.Emulator.Files;
using DeltaFunctions.Emulator.Jobs;
using DeltaFunctions.Emulator.Sql;
using DeltaFunctions.Emulator.Workspace;

namespace DeltaFunctions.Emulator;

/// <summary>The emulator's own wire records, serialized snake_case without reflection.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    NumberHandling = JsonNumberHandling.AllowReadingFromString,
    AllowDuplicateProperties = false)]
[JsonSerializable(typeof(ErrorBody))]
[JsonSerializable(typeof(NumericErrorBody))]
[JsonSerializable(typeof(EmptyBody))]
[JsonSerializable(typeof(JsonObject))]
[JsonSerializable(typeof(JsonNode))]
[JsonSerializable(typeof(TokenResponse))]
[JsonSerializable(typeof(OAuthErrorBody))]
[JsonSerializable(typeof(AuthorizationServerMetadata))]
[JsonSerializable(typeof(FaultRuleRequest))]
[JsonSerializable(typeof(FaultRulesRequest))]
[JsonSerializable(typeof(FaultListResponse))]
[JsonSerializable(typeof(WarehouseInfo))]
[JsonSerializable(typeof(WarehouseListResponse))]
[JsonSerializable(typeof(ExecuteStatementRequest))]
[JsonSerializable(typeof(StatementResponse))]
[JsonSerializable(typeof(ResultData))]
[JsonSerializable(typeof(List<List<string?>>))]
[JsonSerializable(typeof(CatalogInfo))]
[JsonSerializable(typeof(CatalogListResponse))]
[JsonSerializable(typeof(SchemaInfo))]
[JsonSerializable(typeof(SchemaListResponse))]
[JsonSerializable(typeof(TableInfo))]
[JsonSerializable(typeof(TableListResponse))]
[JsonSerializable(typeof(TableExistsResponse))]
[JsonSerializable(typeof(VolumeInfo))]
[JsonSerializable(typeof(VolumeListResponse))]
[JsonSerializable(typeof(DirectoryListResponse))]
[JsonSerializable(typeof(WorkspaceImportRequest))]
[JsonSerializable(typeof(WorkspaceObjectInfo))]
[JsonSerializable(typeof(WorkspacePathRequest))]
[JsonSerializable(typeof(WorkspaceExportResponse))]
[JsonSerializable(typeof(WorkspaceListResponse))]
[JsonSerializable(typeof(JobsFileContent))]
internal sealed partial class EmulatorJsonContext : JsonSerializerContext;
