using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Webhooks.Core.Persistence;
using DeliveryEntity = Webhooks.Core.Delivery.Delivery;

namespace Webhooks.Core.Events;

/// <summary>
/// Publishes from concurrent callers committed together (<see cref="GroupCommit{TRequest,TResult}"/>):
/// with a transaction per publish, a thousand publishes a second queued on the write lock ahead of
/// the dispatcher's claims and settles, and deliveries waited seconds to be sent.
/// </summary>
public sealed class EventWriter(IDbContextFactory<WebhooksDbContext> dbFactory, WriteGate writeGate, ILogger<EventWriter> logger) : IAsyncDisposable, IDisposable
{
    private readonly GroupCommit<PublishedEvent, bool> _commit = new(batch => PublishedRows.InsertAsync(dbFactory, writeGate, batch), logger);

    /// <summary>Completes once the event and its deliveries are committed.</summary>
    /// <exception cref="System.Data.Common.DbException">Its own write failed (a racing idempotency key); nothing of it was written.</exception>
    public Task WriteAsync(Event evt, IReadOnlyList<DeliveryEntity> deliveries) => _commit.SubmitAsync(new PublishedEvent(evt, deliveries));

    public ValueTask DisposeAsync() => _commit.DisposeAsync();

    public void Dispose() => _commit.Dispose();
}
