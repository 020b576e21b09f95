namespace Webhooks.Tests.Support;

/// <summary>Waits for a condition by polling (the database, usually) with a deadline; no fixed sleeps.</summary>
public static class Eventually
{
    /// <param name="describe">Says what the last value was when the wait times out (default: its ToString).</param>
    public static async Task<T> WaitAsync<T>(Func<Task<T>> probe, Func<T, bool> done, string what, TimeSpan? timeout = null, Func<T, string>? describe = null)
    {
        var limit = timeout ?? TimeSpan.FromSeconds(10);
        var deadline = DateTime.UtcNow + limit;
        while (true)
        {
            var value = await probe();
            if (done(value))
                return value;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"Timed out after {limit.TotalSeconds} s waiting for {what}; last value: {(describe is null ? value : describe(value))}");
            await Task.Delay(20);
        }
    }

    public static Task WaitAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null) =>
        WaitAsync(condition, ok => ok, what, timeout);
}
