using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Ionos.PostgreSql.Tests.Fakes;

public sealed record CapturedLog(string Category, LogLevel Level, string Message, string? Exception);

/// <summary>Keeps every formatted log line (and exception text) so tests can look for leaks.</summary>
public sealed class CapturingLoggerProvider : ILoggerProvider
{
    private readonly ConcurrentQueue<CapturedLog> _logs = new();

    public IReadOnlyList<CapturedLog> Logs => [.. _logs];

    public string AllText => string.Join("\n", _logs.Select(l => $"{l.Category} {l.Level} {l.Message} {l.Exception}"));

    public ILogger CreateLogger(string categoryName) => new CapturingLogger(categoryName, _logs);

    public void Dispose()
    {
    }

    private sealed class CapturingLogger(string category, ConcurrentQueue<CapturedLog> logs) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            logs.Enqueue(new CapturedLog(category, logLevel, formatter(state, exception), exception?.ToString()));
    }
}
