using Webhooks.Core.Endpoints;

namespace Webhooks.Tests.Core.Endpoints;

public sealed class EndpointValidatorTests
{
    private static readonly IReadOnlySet<string> Catalog = new HashSet<string> { "customer.created", "customer.updated" };
    private readonly EndpointValidator _validator = new();

    private static EndpointInput Valid() => new() { Name = "Billing", Url = "https://example.com/hook", Events = ["customer.created"] };

    private IReadOnlyDictionary<string, string[]> Errors(EndpointInput input, bool allowHttp = false, bool create = true) =>
        _validator.Validate(input, allowHttp, Catalog, create).ToDictionary();

    [Fact]
    public void Validate_ReturnsNoErrors_WhenInputIsValid() => Assert.Empty(Errors(Valid()));

    [Theory]
    [InlineData("ftp://example.com/hook")]
    [InlineData("http://example.com/hook")]
    [InlineData("https://user:pass@example.com/hook")]
    [InlineData("https://user@example.com/hook")]
    [InlineData("/relative/path")]
    [InlineData("javascript:alert(1)")]
    [InlineData("https://")]
    [InlineData("https://exa mple.com/")]
    [InlineData("")]
    public void Validate_RefusesUrl_WhenSchemeUserInfoOrHostIsWrong(string url)
    {
        var input = Valid();
        input.Url = url;
        Assert.Contains("url", Errors(input).Keys);
    }

    [Fact]
    public void Validate_AcceptsHttp_WhenAllowHttpIsOn()
    {
        var input = Valid();
        input.Url = "http://127.0.0.1:8080/hook";
        Assert.Empty(Errors(input, allowHttp: true));
    }

    [Fact]
    public void Validate_RefusesName_WhenEmptyOrTooLong()
    {
        var input = Valid();
        input.Name = "  ";
        Assert.Contains("name", Errors(input).Keys);
        input.Name = new string('a', EndpointValidator.MaxNameLength + 1);
        Assert.Contains("name", Errors(input).Keys);
    }

    [Theory]
    [InlineData("*")]
    [InlineData("customer.*")]
    [InlineData("customer.updated")]
    public void Validate_AcceptsEventPattern_WhenExactNameGroupOrAll(string pattern)
    {
        var input = Valid();
        input.Events = [pattern];
        Assert.Empty(Errors(input));
    }

    [Theory]
    [InlineData("customer created")]
    [InlineData("customer.nope")]
    [InlineData("<script>")]
    [InlineData("**")]
    public void Validate_RefusesEvent_WhenNotAPatternOrNotInCatalog(string pattern)
    {
        var input = Valid();
        input.Events = [pattern];
        Assert.Contains("events", Errors(input).Keys);
    }

    [Fact]
    public void Validate_RefusesEvents_WhenNoneChosen()
    {
        var input = Valid();
        input.Events = [];
        Assert.Contains("events", Errors(input).Keys);
    }

    [Theory]
    [InlineData("Host")]
    [InlineData("content-length")]
    [InlineData("Content-Type")]
    [InlineData("X-Webhook-Signature")]
    [InlineData("x-webhook-anything")]
    [InlineData("webhook-signature")]
    [InlineData("Bad Header")]
    [InlineData("")]
    public void Validate_RefusesHeaderName_WhenReservedOrInvalid(string name)
    {
        var input = Valid();
        input.Headers = [new HeaderInput { Name = name, Value = "x" }];
        Assert.Contains("headers", Errors(input).Keys);
    }

    [Fact]
    public void Validate_AsksForTheName_WhenHeaderRowIsLeftEmpty()
    {
        var input = Valid();
        input.Headers = [new HeaderInput { Name = " ", Value = "" }];
        Assert.Equal(["Header name is required: fill it in or remove the row."], Errors(input)["headers"]);
    }

    [Theory]
    [InlineData("a\r\nX-Injected: 1")]
    [InlineData("a\nb")]
    [InlineData("caf\u00e9")]
    public void Validate_RefusesHeaderValue_WhenItHasLineBreaksOrNonAscii(string value)
    {
        var input = Valid();
        input.Headers = [new HeaderInput { Name = "X-Tenant", Value = value }];
        Assert.Contains("headers", Errors(input).Keys);
    }

    [Fact]
    public void Validate_AcceptsCustomHeader_WhenNameAndValueAreOrdinary()
    {
        var input = Valid();
        input.Headers = [new HeaderInput { Name = "X-Tenant", Value = "acme-42" }];
        Assert.Empty(Errors(input));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(31)]
    public void Validate_RefusesTimeout_WhenOutsideOneToThirty(int seconds)
    {
        var input = Valid();
        input.TimeoutSeconds = seconds;
        Assert.Contains("timeoutSeconds", Errors(input).Keys);
    }

    [Fact]
    public void Validate_RequiresCredentials_WhenBasicOrBearerOnCreate()
    {
        var input = Valid();
        input.AuthMode = AuthMode.Basic;
        var errors = Errors(input);
        Assert.Contains("authUsername", errors.Keys);
        Assert.Contains("authSecret", errors.Keys);

        input.AuthMode = AuthMode.Bearer;
        Assert.Contains("authSecret", Errors(input).Keys);
        Assert.DoesNotContain("authSecret", Errors(input, create: false).Keys);
    }
}
