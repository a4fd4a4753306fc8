using System.Globalization;
using System.Text;
using System.Text.Json;
using DeltaFunctions.Databricks.Jobs;
using DeltaFunctions.Databricks.Sql;
using DeltaFunctions.Databricks.Testing;
using DeltaFunctions.Databricks.Testing.Seeding;

namespace DeltaFunctions.Databricks.Tests.Simulation;

/// <summary>
/// One session of ordinary client calls across the APIs, written out as text: inline JSON rows, typed Arrow reads over
/// result links, a Delta write, a long statement resumed by id, a notebook job with a fresh idempotency token, Files
/// upload and download, and Unity Catalog listings. Run against the emulator while recording, then from the cassette.
/// </summary>
internal static class RecordedSession
{
    public const string Notebook = "/Shared/replay/count_cities";

    public static readonly WaitOptions FastWait = new()
    {
        InitialDelay = TimeSpan.FromMilliseconds(20),
        MaxDelay = TimeSpan.FromMilliseconds(100),
        Timeout = TimeSpan.FromSeconds(30),
    };

    public static readonly CityRow[] Cities = [new("Amsterdam", 12), new("Berlin", 7), new("Lisbon", 3)];

    public static async Task<DatabricksEmulator> StartEmulatorAsync(CancellationToken cancellationToken)
    {
        var emulator = await DatabricksEmulator.StartAsync(
            new DatabricksEmulatorOptions
            {
                Tables = [EmulatorTable.FromRows("main.replay.cities", Cities)],
                ConfigureEmulator = o => o with { ResultChunkRows = 2 },
            },
            cancellationToken);
        emulator.WriteSqlNotebook(Notebook, "SELECT count(*) AS cities, sum(trips) AS trips FROM main.replay.cities;");
        return emulator;
    }

    public static async Task<string> RunAsync(DatabricksClient client, CancellationToken cancellationToken)
    {
        var log = new StringBuilder();
        var sql = client.GetSqlClient();

        var inline = await sql.ExecuteAsync(
            SqlStatement.FromText("SELECT city, trips FROM main.replay.cities ORDER BY city"), new SqlExecuteOptions { Format = ResultFormat.JsonArray }, cancellationToken);
        log.Append("inline ").Append(inline.StatementId).Append(' ').AppendLine(JsonSerializer.Serialize(inline.Result?.DataArray));
        if (inline.Result?.NextChunkIndex is { } next)
        {
            var chunk = await sql.FetchChunkAsync(inline.StatementId, next, cancellationToken);
            log.Append("chunk ").AppendLine(JsonSerializer.Serialize(chunk.DataArray));
        }

        var delta = client.GetDeltaClient("main", "replay");
        var written = await delta.WriteTableAsync("cities", [new CityRow("Oslo", 9)], cancellationToken: cancellationToken);
        log.Append("written ").Append(written.NumInsertedRows).AppendLine();

        await foreach (var city in sql.ReadAsync<CityRow>(SqlStatement.FromText("SELECT city, trips FROM main.replay.cities ORDER BY trips DESC"), cancellationToken: cancellationToken))
        {
            log.Append("arrow ").Append(city.City).Append(' ').Append(city.Trips).AppendLine();
        }

        var started = await sql.StartAsync(
            new SqlStatement("SELECT sum(trips) AS total FROM main.replay.cities WHERE trips > :min", [new StatementParameter { Name = "min", Value = "4", Type = "BIGINT" }]), cancellationToken: cancellationToken);
        var resumed = await sql.GetStatementOperationAsync(started.StatementId, cancellationToken: cancellationToken);
        var total = await resumed.WaitForCompletionAsync(cancellationToken);
        log.Append("resumed ").Append(total.StatementId).Append(' ').AppendLine(JsonSerializer.Serialize(total.Result?.DataArray));

        var jobs = client.GetJobsClient();
        var runId = await jobs.SubmitRunAsync(
            new SubmitRunBuilder()
                .WithRunName("replay-count")
                .WithIdempotencyToken(Guid.NewGuid().ToString())
                .AddTask(new JobTaskBuilder("count").Notebook("/Workspace" + Notebook).OnServerless())
                .Build(),
            cancellationToken);
        var result = await jobs.WaitForCompletionAsync(runId, FastWait, cancellationToken);
        var output = await jobs.GetRunOutputAsync(result.Run.Tasks![0].RunId, cancellationToken);
        log.Append("job ").Append(runId).Append(' ').Append(result.ResultState).Append(' ').AppendLine(output.NotebookOutput?.Result);

        await sql.ExecuteAsync(SqlStatement.FromText("CREATE VOLUME IF NOT EXISTS main.replay.files"), cancellationToken: cancellationToken);
        var files = client.GetFilesClient();
        await files.UploadAsync("/Volumes/main/replay/files/notes.bin", new byte[] { 0, 1, 2, 250, 251, 252 }, cancellationToken: cancellationToken);
        var downloaded = await files.DownloadAsync("/Volumes/main/replay/files/notes.bin", cancellationToken);
        var metadata = await files.GetMetadataAsync("/Volumes/main/replay/files/notes.bin", cancellationToken);
        log.Append("file ").Append(Convert.ToHexString(downloaded)).Append(' ').Append(metadata.ContentLength).AppendLine();

        await foreach (var table in client.GetCatalogClient().ListTablesAsync("main", "replay", cancellationToken: cancellationToken))
        {
            log.Append("table ").Append(table.FullName).Append(' ').AppendLine(table.TableType?.ToString());
        }

        return log.ToString();
    }

    public sealed record CityRow(string City, long Trips)
    {
        public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{City}:{Trips}");
    }
}
