using Webhooks.Core.Endpoints;

namespace Webhooks.Tests.Core.Endpoints;

public sealed class EndpointSecretTests
{
    [Fact]
    public void Generate_ReturnsWhsecWith32RandomBytes_WhenCalled()
    {
        var secret = EndpointSecret.Generate();
        Assert.StartsWith("whsec_", secret);
        Assert.Equal(32, Convert.FromBase64String(secret["whsec_".Length..]).Length);
        Assert.NotEqual(secret, EndpointSecret.Generate());
    }

    [Fact]
    public void Hint_ShowsPrefixAndFourCharactersEachEnd_WhenSecretIsLong()
    {
        Assert.Equal("whsec_a1b2…c3d4", EndpointSecret.Hint("whsec_a1b2XXXXXXXXXXXXXXXXc3d4"));
    }

    [Fact]
    public void Hint_RevealsNothing_WhenSecretIsShort()
    {
        Assert.Equal("whsec_…", EndpointSecret.Hint("whsec_abc"));
    }

    [Fact]
    public void StandardWebhooksKey_DecodesBase64AfterPrefix_WhenSecretIsGenerated()
    {
        var bytes = Enumerable.Range(0, 32).Select(i => (byte)i).ToArray();
        Assert.Equal(bytes, EndpointSecret.StandardWebhooksKey("whsec_" + Convert.ToBase64String(bytes)));
    }
}
