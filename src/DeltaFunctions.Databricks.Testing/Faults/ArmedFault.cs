namespace DeltaFunctions.Databricks.Testing.Faults;

/// <summary>A fault the emulator holds, with how many more requests it will affect.</summary>
/// <param name="Fault">The fault as armed.</param>
/// <param name="Remaining">The requests it still affects.</param>
public sealed record ArmedFault(EmulatorFault Fault, int Remaining);
