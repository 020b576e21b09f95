namespace Webhooks.Core.Jobs;

/// <summary>A manual attempt that could not be made; its message says why, for the job's Failed state.</summary>
public sealed class ManualAttemptException(string message) : Exception(message);
