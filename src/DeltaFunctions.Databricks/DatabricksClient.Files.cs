using DeltaFunctions.Databricks.Files;

namespace DeltaFunctions.Databricks;

/// <summary>The Files API sub-client.</summary>
public partial class DatabricksClient
{
    /// <summary>Returns the client for files and directories in Unity Catalog volumes.</summary>
    /// <returns>The files client.</returns>
    public virtual FilesClient GetFilesClient() => new(Api);
}
