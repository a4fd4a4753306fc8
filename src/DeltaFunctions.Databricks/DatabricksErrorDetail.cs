namespace DeltaFunctions.Databricks;

/// <summary>One entry of the <c>details</c> array of a Databricks error body (a google.rpc status detail).</summary>
/// <param name="Type">The <c>@type</c> URL, e.g. <c>type.googleapis.com/google.rpc.ErrorInfo</c>.</param>
/// <param name="Reason">The ErrorInfo <c>reason</c>, the DebugInfo <c>detail</c>, or null.</param>
/// <param name="Domain">The ErrorInfo <c>domain</c>, or null.</param>
public sealed record DatabricksErrorDetail(string Type, string? Reason = null, string? Domain = null);
