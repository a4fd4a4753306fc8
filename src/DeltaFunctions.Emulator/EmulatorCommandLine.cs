namespace DeltaFunctions.Emulator;

/// <summary>Parses the emulator's command line into <see cref="EmulatorOptions"/>.</summary>
internal static class EmulatorCommandLine
{
    public const string Usage =
        "usage: dotnet run --project src/DeltaFunctions.Emulator -- [--urls http://127.0.0.1:8080] [--data-dir ./.lakehouse] "
        + "[--token <pat>]... [--client-id <id> --client-secret <secret>] [--seed-demo] [--result-chunk-rows <n>]";

    public static EmulatorOptions Parse(IReadOnlyList<string> args)
    {
        var urls = "http://127.0.0.1:8080";
        var dataDir = "./.lakehouse";
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
                    if (!int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out chunkRows) || chunkRows <= 0)
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
