using Webhooks.Tests.Support;

namespace Webhooks.Tests.Reliability;

/// <summary>
/// A receiver's answers for two consoles sending to it at once, told apart by the process that holds
/// each connection (<see cref="ConnectionOwners"/>): each console's first <c>quota</c> sends are
/// answered at once, its further sends are held until <see cref="ReleaseHeld"/>.
/// <see cref="BothSentTheirShare"/> completes once both have had their quota answered and the victim
/// has a send held: the moment to kill it mid-dispatch. Counts every send per console.
/// </summary>
/// <param name="quota">Sends answered per console before its sends are held.</param>
public sealed class SenderTally(int quota)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, int?> _owners = [];
    private readonly TaskCompletionSource _share = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _port, _victim, _survivor;
    private Counts _counts = new(0, 0, 0, 0, 0, 0, 0);

    /// <summary>What each console sent: answered and held while holding, in all, and sends whose console was gone before it was identified.</summary>
    public sealed record Counts(int VictimAnswered, int VictimHeld, int SurvivorAnswered, int SurvivorHeld, int Victim, int Survivor, int Unknown)
    {
        public int Total => Victim + Survivor + Unknown;
    }

    public Task BothSentTheirShare => _share.Task;

    /// <summary>The receiver's port and the two consoles' process ids; call before anything is sent.</summary>
    public void Watch(int receiverPort, int victimPid, int survivorPid)
    {
        lock (_lock)
            (_port, _victim, _survivor) = (receiverPort, victimPid, survivorPid);
    }

    /// <summary>Answers every send at once from now on, the held ones too.</summary>
    public void ReleaseHeld() => _release.TrySetResult();

    public Counts Snapshot()
    {
        lock (_lock)
            return _counts;
    }

    /// <summary>The receiver's answer to <paramref name="request"/>.</summary>
    public ReceiverResponse Respond(ReceivedRequest request)
    {
        var owner = OwnerOf(request);
        lock (_lock)
        {
            var c = _counts;
            if (owner != _victim && owner != _survivor)
            {
                _counts = c with { Unknown = c.Unknown + 1 };
                return ReceiverResponse.Ok;
            }
            var victim = owner == _victim;
            c = victim ? c with { Victim = c.Victim + 1 } : c with { Survivor = c.Survivor + 1 };
            var released = _release.Task.IsCompleted;
            var hold = !released && (victim ? c.VictimAnswered : c.SurvivorAnswered) >= quota;
            if (hold)
                c = victim ? c with { VictimHeld = c.VictimHeld + 1 } : c with { SurvivorHeld = c.SurvivorHeld + 1 };
            else if (!released)
                c = victim ? c with { VictimAnswered = c.VictimAnswered + 1 } : c with { SurvivorAnswered = c.SurvivorAnswered + 1 };
            _counts = c;
            if (c.VictimAnswered >= quota && c.SurvivorAnswered >= quota && c.VictimHeld > 0)
                _share.TrySetResult();
            return hold ? new ReceiverResponse { Hold = _release.Task } : ReceiverResponse.Ok;
        }
    }

    /// <summary>Looked up once per connection, while it is open (the request on it is being read).</summary>
    private int? OwnerOf(ReceivedRequest request)
    {
        lock (_lock)
            if (_owners.TryGetValue(request.ConnectionId, out var known))
                return known;
        int port, victim, survivor;
        lock (_lock)
            (port, victim, survivor) = (_port, _victim, _survivor);
        var owner = ConnectionOwners.Find(request.RemotePort, port, [victim, survivor]);
        lock (_lock)
            _owners[request.ConnectionId] = owner;
        return owner;
    }
}
