using Microsoft.Extensions.Logging;

namespace Webhooks.Tests.Support;

/// <summary>
/// Holds the thread that writes the first log line matching a condition until the test opens the
/// gate: work is stopped at a point it logs from, as a busy machine may stop it there, so a race
/// that load makes likely happens every time, in order. Other lines pass. Disposing opens the gate,
/// so a failed test never leaves a thread held.
/// </summary>
/// <param name="match">Whether a formatted line is the one to hold at.</param>
public sealed class LogGate(Func<string, bool> match) : ILoggerProvider
{
    private readonly TaskCompletionSource _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ManualResetEventSlim _open = new();
    private int _taken;

    /// <summary>Completes once the matching line is being written; its thread is held from then on.</summary>
    public Task Reached => _reached.Task;

    /// <summary>Lets the held thread go on.</summary>
    public void Open() => _open.Set();

    public ILogger CreateLogger(string categoryName) => new GateLogger(this);

    public void Dispose() => _open.Set();

    private void Write(string line)
    {
        if (!match(line) || Interlocked.Exchange(ref _taken, 1) == 1)
            return;
        _reached.SetResult();
        _open.Wait();
    }

    private sealed class GateLogger(LogGate gate) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            gate.Write(formatter(state, exception));
    }
}
