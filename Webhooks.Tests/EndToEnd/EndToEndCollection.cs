namespace Webhooks.Tests.EndToEnd;

/// <summary>One Chromium for all browser tests; they run one after another, never in parallel with each other.</summary>
[CollectionDefinition(Name)]
public sealed class EndToEndCollection : ICollectionFixture<Browser>
{
    public const string Name = "EndToEnd";
}
