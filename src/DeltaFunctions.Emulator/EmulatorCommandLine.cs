using System.Globalization;
using System.Net.Sockets;

namespace DeltaFunctions.Emulator;

/// <summary>Parses the emulator's command line into <see cref="EmulatorOptions"/> and runs it.</summary>
internal static class EmulatorCommandLine
{
    public const string Usage =
        "usage: dotnet run --project src/DeltaFunctions.Emulator -- [--urls <url>] [--data-dir <folder>] "
        + "[--token <pat>]... [--client-id <id> --client-secret <secret>] [--seed-demo] [--result-chunk-rows <n>] [--help]";

    public static string Help => string.Join(
        Environment.NewLine,
        "DeltaFunctions emulator: a local Databricks workspace (SQL Statement Execution, Jobs, Unity Catalog, Files and",
        "Workspace APIs) over real Delta tables.",
        string.Empty,
        Usage,
        string.Empty,
        "options:",
        "  --urls <url>               Address to listen on (default http://127.0.0.1:8080; port 0 picks a free port).",
        "  --data-dir <folder>        Where tables, volumes and notebooks are kept",
        $"                             (default {EmulatorOptions.DefaultDataDirectory}).",
        "  --token <pat>              A personal access token to accept; repeatable. When none is given a development",
        "                             token is generated and printed.",
        "  --client-id <id>           OAuth M2M client id accepted by /oidc/v1/token (needs --client-secret).",
        "  --client-secret <secret>   OAuth M2M client secret that goes with --client-id.",
        "  --seed-demo                Create a small demo lakehouse and notebook at start.",
        "  --result-chunk-rows <n>    Rows per result chunk of the Statement Execution API (default 10000).",
        "  -h, --help                 Show this help and exit.");

    /// <summary>Runs the CLI: parse, start, print where to connect, serve until cancelled; every failure is one line.</summary>
    /// <param name="args">The arguments.</param>
    /// <param name="output">Where the connection details and help go.</param>
    /// <param name="error">Where the one-line error goes.</param>
    /// <param name="cancellationToken">Stops the emulator.</param>
    /// <returns>The process exit code: 0, 1 when the emulator cannot start, 2 for bad arguments.</returns>
    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        if (args.Any(a => a is "--help" or "-h" or "-?" or "/?"))
        {
            await output.WriteLineAsync(Help);
            return 0;
        }

        EmulatorOptions options;
        try
        {
            options = Parse(args);
        }
        catch (ArgumentException e)
        {
            await error.WriteLineAsync("error: " + e.Message.Replace(" (Parameter 'args')", string.Empty, StringComparison.Ordinal));
            return 2;
        }

        EmulatorHost host;
        try
        {
            host = await EmulatorHost.StartAsync(options, cancellationToken);
        }
        catch (IOException e) when (e.InnerException is SocketException { SocketErrorCode: SocketError.AddressAlreadyInUse } || e.Message.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
        {
            await error.WriteLineAsync($"error: cannot listen on {options.Urls}: the address is already in use; stop the other process or pass --urls with another port.");
            return 1;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException or FormatException or UriFormatException)
        {
            await error.WriteLineAsync($"error: the emulator could not start: {e.Message}");
            return 1;
        }

        await using (host)
        {
            await output.WriteLineAsync($"DeltaFunctions emulator listening on {host.BaseAddress}");
            await output.WriteLineAsync($"  DATABRICKS_HOST={host.BaseAddress.ToString().TrimEnd('/')}");
            await output.WriteLineAsync($"  DATABRICKS_TOKEN={host.Token}");
            await output.WriteLineAsync($"  DATABRICKS_WAREHOUSE_ID={host.WarehouseId}");
            await output.WriteLineAsync($"  data directory: {Path.GetFullPath(options.DataDirectory)}");
            await output.WriteLineAsync("Press Ctrl+C to stop.");
            await host.WaitForShutdownAsync(cancellationToken);
        }

        return 0;
    }

    public static EmulatorOptions Parse(IReadOnlyList<string> args)
    {
        var urls = "http://127.0.0.1:8080";
        var dataDir = EmulatorOptions.DefaultDataDirectory;
        var tokens = new List<string>();
        string? clientId = null;
        string? clientSecret = null;
        var seed = false;
        var chunkRows = 10_000;
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            switch (arg)
            {
                case "--urls":
                    urls = Value(args, ref i, arg);
                    break;
                case "--data-dir":
                    dataDir = Value(args, ref i, arg);
                    break;
                case "--token":
                    tokens.Add(Value(args, ref i, arg));
                    break;
                case "--client-id":
                    clientId = Value(args, ref i, arg);
                    break;
                case "--client-secret":
                    clientSecret = Value(args, ref i, arg);
                    break;
                case "--result-chunk-rows":
                    var text = Value(args, ref i, arg);
                    if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out chunkRows) || chunkRows <= 0)
                    {
                        throw new ArgumentException($"--result-chunk-rows needs a positive number, not '{text}'. {Usage}", nameof(args));
                    }

                    break;
                case "--seed-demo":
                    seed = true;
                    break;
                default:
                    throw new ArgumentException($"Unknown argument '{arg}'. {Usage}", nameof(args));
            }
        }

        if ((clientId is null) != (clientSecret is null))
        {
            throw new ArgumentException($"--client-id and --client-secret go together. {Usage}", nameof(args));
        }

        return new EmulatorOptions
        {
            Urls = urls,
            DataDirectory = dataDir,
            Tokens = tokens,
            ClientId = clientId,
            ClientSecret = clientSecret,
            SeedDemo = seed,
            ResultChunkRows = chunkRows,
            ConsoleLogging = false,
        };
    }

    private static string Value(IReadOnlyList<string> args, ref int i, string name) =>
        i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{name} needs a value. {Usage}", nameof(args));
}
