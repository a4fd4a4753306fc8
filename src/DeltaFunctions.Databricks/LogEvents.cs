namespace DeltaFunctions.Databricks;

/// <summary>
/// Event ids of the library's log messages, one block of 100 per API so ids never collide. The messages
/// themselves live in <c>Log.cs</c> and its partial files <c>Log.&lt;Api&gt;.cs</c>.
/// </summary>
internal static class LogEvents
{
    /// <summary>Configuration and client construction: 1000–1099.</summary>
    public const int ConfigurationBase = 1000;

    /// <summary>Authentication and token refresh: 1100–1199.</summary>
    public const int AuthBase = 1100;

    /// <summary>HTTP pipeline, retries, rate limiting and the circuit breaker: 1200–1299.</summary>
    public const int HttpBase = 1200;

    /// <summary>Jobs API and run waiting: 1300–1399.</summary>
    public const int JobsBase = 1300;

    /// <summary>SQL Statement Execution and result streaming: 1400–1499.</summary>
    public const int SqlBase = 1400;

    /// <summary>Delta operations: 1500–1599.</summary>
    public const int DeltaBase = 1500;

    /// <summary>Schema management: 1600–1699.</summary>
    public const int SchemaBase = 1600;

    /// <summary>Unity Catalog: 1700–1799.</summary>
    public const int CatalogBase = 1700;

    /// <summary>Files API: 1800–1899.</summary>
    public const int FilesBase = 1800;

    /// <summary>Streaming job builder: 1900–1999.</summary>
    public const int StreamingBase = 1900;

    /// <summary>Dry run (requests not sent): 2000–2099.</summary>
    public const int SimulationBase = 2000;
}
