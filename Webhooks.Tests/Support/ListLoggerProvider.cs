using Microsoft.Extensions.Logging;

namespace Webhooks.Tests.Support;

/// <summary>Collects formatted log lines so tests can check what operators would read.</summary>
public sealed class ListLoggerProvider(List<string> lines) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => new ListLogger(lines);

    public void Dispose() { }

    private sealed class ListLogger(List<string> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
                return;
            lock (lines)
                lines.Add($"{logLevel}: {formatter(state, exception)}" + (exception is null ? "" : " " + exception));
        }
    }
}
