using DeltaFunctions.Emulator;

// A thin CLI over EmulatorHost: parse, start, print where to connect, serve until Ctrl+C.
return await EmulatorCommandLine.RunAsync(args, Console.Out, Console.Error, CancellationToken.None);
