using Microsoft.Extensions.Logging;

namespace DeltaFunctions.Demo;

/// <summary>Writes log messages (the workflows' progress) as indented lines to the main job's output.</summary>
internal sealed class TextWriterLoggerProvider(TextWriter output, string indent) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => new Logger(output, indent);

    public void Dispose()
    {
    }

    private sealed class Logger(TextWriter output, string indent) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                output.WriteLine(indent + formatter(state, exception));
            }
        }
    }
}
