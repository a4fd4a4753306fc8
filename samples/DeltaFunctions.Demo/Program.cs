using DeltaFunctions.Demo;

// The README's main job on the embedded default: the emulator in this process with its demo lakehouse, driven by the
// same Pipelines code the Azure Functions call (see MainJob). Production runs on Azure Functions; nothing here needs a
// cloud account. Exit code 0 when every flow worked, 1 otherwise.
using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};

var summary = await new MainJob().RunAsync(Console.Out, stop.Token);
return summary.Succeeded ? 0 : 1;
