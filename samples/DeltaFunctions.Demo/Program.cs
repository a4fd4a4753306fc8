using DeltaFunctions.Demo;

// The README's main job on the embedded default: the emulator in this process with its demo lakehouse, driven by the
// same Pipelines code the Azure Functions call (see MainJob). Production runs on Azure Functions; nothing here needs a
// cloud account. Exit code 0 when every flow worked, 1 when one did not, 2 when the sample messages cannot be read.
using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};

try
{
    var summary = await new MainJob().RunAsync(Console.Out, stop.Token);
    return summary.Succeeded ? 0 : 1;
}
catch (Exception e) when (e is IOException or InvalidDataException)
{
    await Console.Error.WriteLineAsync("The sample messages could not be read: " + e.Message);
    return 2;
}
