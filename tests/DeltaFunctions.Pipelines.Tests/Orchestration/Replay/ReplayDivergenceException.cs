namespace DeltaFunctions.Pipelines.Tests.Orchestration.Replay;

/// <summary>A workflow did something the orchestration runtime would reject: it diverged from its history or left the rules.</summary>
public sealed class ReplayDivergenceException : Exception
{
    public ReplayDivergenceException()
    {
    }

    public ReplayDivergenceException(string message)
        : base(message)
    {
    }

    public ReplayDivergenceException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
