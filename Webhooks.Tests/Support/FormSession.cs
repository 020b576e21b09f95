using System.Net;
using System.Text.RegularExpressions;

namespace Webhooks.Tests.Support;

/// <summary>
/// A browser's cookie jar over plain HTTP, for checks that need no script: signing in through the
/// real login form (with its antiforgery token), then asking for pages as that person. Redirects
/// are not followed, so a test sees where the console sends it.
/// </summary>
public sealed partial class FormSession : IDisposable
{
    private readonly CookieContainer _cookies;

    public FormSession(Uri baseAddress) : this(baseAddress, new CookieContainer()) { }

    private FormSession(Uri baseAddress, CookieContainer cookies)
    {
        _cookies = cookies;
        Client = new HttpClient(new HttpClientHandler { CookieContainer = _cookies, AllowAutoRedirect = false }) { BaseAddress = baseAddress };
    }

    /// <summary>The same browser, cookies and all, asking another address: another console behind the same load balancer.</summary>
    public FormSession At(Uri baseAddress) => new(baseAddress, _cookies);

    public HttpClient Client { get; }

    public bool HasCookie(string name) => _cookies.GetCookies(Client.BaseAddress!).Any(c => c.Name == name);

    /// <summary>Posts the login form as a person would; the answer is a redirect on success, the form again with a message otherwise.</summary>
    /// <param name="formFrom">Where the form (and its antiforgery token) comes from, when not from this address.</param>
    public async Task<HttpResponseMessage> SignInAsync(string email, string password, FormSession? formFrom = null)
    {
        var (token, handler) = await (formFrom ?? this).FormTokenAsync("/Account/Login");
        return await Client.PostAsync("/Account/Login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = handler,
            ["__RequestVerificationToken"] = token,
            ["Input.Email"] = email,
            ["Input.Password"] = password,
        }));
    }

    /// <summary>The antiforgery token and form name of the first form on <paramref name="path"/>.</summary>
    public async Task<(string Token, string Handler)> FormTokenAsync(string path)
    {
        var html = await Client.GetStringAsync(path);
        var token = TokenInput().Match(html);
        var handler = HandlerInput().Match(html);
        if (!token.Success || !handler.Success)
            throw new InvalidOperationException($"No form with an antiforgery token on {path}:\n{html[..Math.Min(html.Length, 2000)]}");
        return (WebUtility.HtmlDecode(token.Groups[1].Value), WebUtility.HtmlDecode(handler.Groups[1].Value));
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex TokenInput();

    [GeneratedRegex("name=\"_handler\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex HandlerInput();

    public void Dispose() => Client.Dispose();
}
