using DeltaFunctions.Databricks.Sql;
using Microsoft.Extensions.Logging;

namespace DeltaFunctions.Databricks;

/// <summary>The SQL Statement Execution sub-client.</summary>
public partial class DatabricksClient
{
    private SqlTelemetry? _sqlTelemetry;

    /// <summary>The result shapes each warehouse refused, shared by every SQL client of this client.</summary>
    private readonly WarehouseResultShapes _resultShapes = new();
    private HttpClient? _externalLinkHttpClient;

    /// <summary>
    /// Returns the client for SQL statements (execute, poll, cancel, stream results). Statements run with
    /// <see cref="DatabricksClientOptions.Catalog"/> and <see cref="DatabricksClientOptions.Schema"/> as the session
    /// catalog and schema for unqualified names unless <see cref="SqlExecuteOptions"/> names others.
    /// </summary>
    /// <returns>The SQL client.</returns>
    public virtual SqlClient GetSqlClient() =>
        new(Api, Options.WarehouseId, Options.Catalog, Options.Schema, TimeProvider, LoggerFactory.CreateLogger<SqlClient>(), SqlTelemetry, ExternalLinkHttpClient)
        {
            ResultShapes = _resultShapes,
            DefaultQueryTags = Options.QueryTags,
        };

    /// <summary>The SQL and Delta instruments, created once per client.</summary>
    internal SqlTelemetry SqlTelemetry
    {
        get
        {
            if (_sqlTelemetry is null)
            {
                Interlocked.CompareExchange(ref _sqlTelemetry, new SqlTelemetry(Meter), null);
            }

            return _sqlTelemetry;
        }
    }

    /// <summary>
    /// The HTTP client for pre-signed result links: a separate instance with no Databricks handler, so the token
    /// can never be sent to cloud storage. Created once per client; pooled connections recycle every 5 minutes.
    /// </summary>
    internal HttpClient ExternalLinkHttpClient
    {
        get
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_externalLinkHttpClient is null)
            {
                var handler = new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) };
                var created = new HttpClient(Cassette is null ? handler : Cassette.CreateHandler(handler))
                {
                    Timeout = TimeSpan.FromMinutes(5),
                };
                if (Interlocked.CompareExchange(ref _externalLinkHttpClient, created, null) is not null)
                {
                    created.Dispose();
                }
            }

            return _externalLinkHttpClient;
        }
    }

    /// <summary>Disposes the external-link HTTP client (and its pooled connections) if one was created.</summary>
    private void DisposeExternalLinkHttpClient() => Interlocked.Exchange(ref _externalLinkHttpClient, null)?.Dispose();
}
