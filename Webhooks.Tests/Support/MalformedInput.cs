using System.Text;
using System.Text.Json.Nodes;

namespace Webhooks.Tests.Support;

/// <summary>
/// Generates malformed API requests from valid ones: broken and truncated JSON, wrong types per
/// field, invalid UTF-8, deep nesting, huge strings, unknown fields, bad URLs, bad event names,
/// header injection. <see cref="EndpointFieldCases"/> are the endpoint form's bad fields, shared with
/// the validator-level test so the form and the API are held to the same list.
/// </summary>
public static class MalformedInput
{
    /// <summary>One request: method, path, content type (null for none) and raw body bytes (null for no body).</summary>
    public sealed record Case(string What, HttpMethod Method, string Path, string? ContentType, byte[]? Body);

    /// <summary>A bad value for one endpoint field, with the field the error must name.</summary>
    public sealed record FieldCase(string Field, JsonNode? Value, string ErrorField);

    private static readonly string Huge = new('a', 300_000);

    public static IEnumerable<FieldCase> EndpointFieldCases()
    {
        foreach (var url in new[] { "", " ", "not a url", "ftp://127.0.0.1:9/x", "javascript:alert(1)", "https://", "//127.0.0.1:9/x", "https://user:pw@127.0.0.1:9/",
                     "https://127.0.0.1:9/#frag", "http://127.0.0.1:9/", "file:///etc/passwd", "data:text/html,<b>x</b>", "https://exa mple.com/",
                     "https://127.0.0.1:9/\r\nX-Injected: 1", "https://127.0.0.1:9/\u0000", "https://" + new string('a', 2100) + ".com/", "/relative" })
            yield return new("url", url, "url");
        foreach (var name in new[] { "", "   ", new string('n', 101), "bad\u0000name", "line\r\nbreak", Huge })
            yield return new("name", name, "name");
        yield return new("description", new string('d', 1001), "description");
        foreach (var evt in new[] { "", " ", "customer created", "<script>", "customer.created\n", "**", "customer.*.x", ".customer", "customer.", "unknown.type", new string('e', 101), "ευρώ.created", "customer.*\n", "*\n" })
            yield return new("events", new JsonArray(evt), "events");
        yield return new("events", new JsonArray(), "events");
        foreach (var (name, value) in new[]
                 {
                     ("X-A", "v\r\nX-Injected: 1"), ("X-A", "v\nX-Injected: 1"), ("X-A", "v\r"), ("X-A", "\u0000"), ("X-A\r\nX-B", "v"), ("X A", "v"),
                     ("", "v"), ("Host", "evil.example"), ("Content-Length", "0"), ("Authorization", "Bearer x"), ("X-Webhook-Signature", "sha256=00"),
                     ("webhook-id", "msg_1"), ("X-A", "é"), ("X-A", new string('v', 1001)), ("X-\u00e9", "v"), ("X-A:", "v"), ("X-A\n", "v"), ("X-A\r\n", "v"),
                 })
            yield return new("headers", new JsonObject { [name] = value }, "headers");
        var many = new JsonObject();
        for (var i = 0; i < 21; i++)
            many[$"X-H{i}"] = "v";
        yield return new("headers", many, "headers");
        foreach (var t in new[] { 0, -1, 31, 1000 })
            yield return new("timeoutSeconds", t, "timeoutSeconds");
        foreach (var r in new[] { -1, 1001 })
            yield return new("rateLimitPerSecond", r, "rateLimitPerSecond");
        foreach (var s in new[] { "short", new string('s', 201), "sixteen-chars-\u0001-x" })
            yield return new("secret", s, "secret");
        yield return new("signatureScheme", "md5", "signatureScheme");
        yield return new("authMode", "digest", "authMode");
    }

    /// <summary>At least a thousand bad requests against the routes that take input; <paramref name="endpointId"/> exists.</summary>
    public static IEnumerable<Case> Requests(string endpointId)
    {
        var validEndpoint = new JsonObject { ["name"] = "Valid", ["url"] = "https://127.0.0.1:9/hook", ["events"] = new JsonArray("customer.created") };
        var validEvent = new JsonObject { ["event"] = "customer.created", ["data"] = new JsonObject { ["id"] = "1" } };
        var validType = new JsonObject { ["name"] = "fuzz.created", ["description"] = "d", ["samplePayload"] = new JsonObject { ["id"] = "1" } };
        var validRecover = new JsonObject { ["since"] = "2025-01-01T00:00:00Z", ["statuses"] = new JsonArray("failed") };
        var routes = new (HttpMethod Method, string Path, JsonObject Valid)[]
        {
            (HttpMethod.Post, "/api/v1/webhooks", validEndpoint),
            (HttpMethod.Put, $"/api/v1/webhooks/{endpointId}", validEndpoint),
            (HttpMethod.Post, "/api/v1/events", validEvent),
            (HttpMethod.Post, "/api/v1/event-types", validType),
            (HttpMethod.Put, "/api/v1/event-types/customer.created", validType),
            (HttpMethod.Post, $"/api/v1/webhooks/{endpointId}/recover", validRecover),
            (HttpMethod.Post, $"/api/v1/webhooks/{endpointId}/test", new JsonObject { ["event"] = "customer.created", ["data"] = new JsonObject() }),
            (HttpMethod.Post, "/api/v1/deliveries/retry", new JsonObject { ["ids"] = new JsonArray("dlv_missing") }),
        };

        foreach (var (method, path, valid) in routes)
        {
            Case Raw(string what, string? body, string? type = "application/json") => new(what, method, path, type, body is null ? null : Encoding.UTF8.GetBytes(body));
            Case Bytes(string what, byte[] body) => new(what, method, path, "application/json", body);
            Case Json(string what, JsonNode node) => Raw(what, node.ToJsonString());

            foreach (var broken in new[] { "{", "}", "[", "null", "[]", "\"text\"", "123", "true", "{\"a\":}", "{'name':'x'}", "{\"name\":\"x\",}", "{}x", "{\"n\":NaN}", "/*c*/{}", "{\"a\" 1}", "\u0000", "\uFEFF{" })
                yield return Raw("broken JSON " + broken, broken);
            var text = valid.ToJsonString();
            for (var cut = 1; cut < text.Length; cut += Math.Max(1, text.Length / 40))
                yield return Raw($"truncated at {cut}", text[..cut]);
            yield return Raw("text/plain", text, "text/plain");
            yield return Raw("xml", "<webhook/>", "application/xml");
            yield return Raw("form", "name=x", "application/x-www-form-urlencoded");
            foreach (var (what, bytes) in InvalidUtf8())
                yield return Bytes(what, Encoding.UTF8.GetBytes("{\"" + valid.First().Key + "\":\"").Concat(bytes).Concat("\"}"u8.ToArray()).ToArray());
            yield return Bytes("invalid UTF-8 inside data", Encoding.UTF8.GetBytes("{\"event\":\"customer.created\",\"data\":{\"a\":\"").Concat(new byte[] { 0xFF, 0xFE }).Concat("\"}}"u8.ToArray()).ToArray());
            foreach (var depth in new[] { 33, 200, 5000 })
            {
                yield return Raw($"nested {depth} at root", new string('[', depth) + new string(']', depth));
                yield return Raw($"nested {depth} in a field", "{\"" + valid.First().Key + "\":" + new string('[', depth) + new string(']', depth) + "}");
            }
            var unknown = Clone(valid);
            unknown["nmae"] = "typo";
            yield return Json("unknown field", unknown);
            yield return Raw("huge body", "{\"name\":\"" + new string('x', 2_000_000) + "\"}");
            foreach (var key in valid.Select(p => p.Key).ToList())
                foreach (var (what, value) in WrongTypes().Where(w => w.Value?.GetValueKind() != valid[key]!.GetValueKind()))
                {
                    var changed = Clone(valid);
                    changed[key] = value?.DeepClone();
                    yield return Json($"{key} as {what}", changed);
                }
        }

        foreach (var c in EndpointFieldCases())
        {
            var create = Clone(validEndpoint);
            create[c.Field] = c.Value?.DeepClone();
            yield return new($"endpoint {c.Field} = {Describe(c.Value)}", HttpMethod.Post, "/api/v1/webhooks", "application/json", Encoding.UTF8.GetBytes(create.ToJsonString()));
            if (c.Field != "secret")
                yield return new($"update {c.Field} = {Describe(c.Value)}", HttpMethod.Put, $"/api/v1/webhooks/{endpointId}", "application/json",
                    Encoding.UTF8.GetBytes(new JsonObject { [c.Field] = c.Value?.DeepClone() }.ToJsonString()));
        }
        foreach (var evt in new[] { "", " ", "unknown.type", "customer.legacy.x", "<script>alert(1)</script>", "customer.*", "*", new string('e', 5000), "customer.created\r\n" })
            yield return new($"publish event '{Describe(evt)}'", HttpMethod.Post, "/api/v1/events", "application/json",
                Encoding.UTF8.GetBytes(new JsonObject { ["event"] = evt, ["data"] = new JsonObject() }.ToJsonString()));
        foreach (var data in new JsonNode?[] { null, new JsonArray(1), "text", 1, true })
            yield return new($"publish data {Describe(data)}", HttpMethod.Post, "/api/v1/events", "application/json",
                Encoding.UTF8.GetBytes(new JsonObject { ["event"] = "customer.created", ["data"] = data }.ToJsonString()));
        yield return new("publish over the payload limit", HttpMethod.Post, "/api/v1/events", "application/json",
            Encoding.UTF8.GetBytes(new JsonObject { ["event"] = "customer.created", ["data"] = new JsonObject { ["big"] = Huge } }.ToJsonString()));
        foreach (var name in new[] { "", "bad name", "<b>", ".x", "x.", new string('t', 101), "a\nb", "fuzz.created\n" })
            yield return new($"event type name '{Describe(name)}'", HttpMethod.Post, "/api/v1/event-types", "application/json",
                Encoding.UTF8.GetBytes(new JsonObject { ["name"] = name }.ToJsonString()));
        foreach (var query in new[] { "limit=abc", "limit=0", "limit=100000", "limit=-1", "limit=99999999999", "status=bogus", "cursor=%00garbage", "cursor=" + new string('c', 3000) })
            yield return new($"logs ?{Describe(query)}", HttpMethod.Get, $"/api/v1/webhooks/{endpointId}/logs?{query}", null, null);
        foreach (var query in new[] { "hours=abc", "hours=-1", "hours=0", "hours=100000", "status=nope", "limit=abc" })
            yield return new($"recent ?{query}", HttpMethod.Get, $"/api/v1/logs/recent?{query}", null, null);
        yield return new("event types ?includeArchived=maybe", HttpMethod.Get, "/api/v1/event-types?includeArchived=maybe", null, null);
        // No "%00": Kestrel refuses a NUL in the path itself, with an empty 400, before any of the app runs.
        foreach (var id in new[] { "does-not-exist", "..%2F..%2Fetc", new string('i', 5000), "%3Cscript%3E" })
        {
            yield return new($"get webhook {Describe(id)}", HttpMethod.Get, $"/api/v1/webhooks/{id}", null, null);
            yield return new($"retry delivery {Describe(id)}", HttpMethod.Post, $"/api/v1/deliveries/{id}/retry", null, null);
            yield return new($"delete webhook {Describe(id)}", HttpMethod.Delete, $"/api/v1/webhooks/{id}", null, null);
        }
        yield return new("unsupported method", HttpMethod.Patch, "/api/v1/webhooks", "application/json", "{}"u8.ToArray());
    }

    // Each field gets the kinds it does not take (a string field never gets a string here).
    private static IEnumerable<(string What, JsonNode? Value)> WrongTypes() =>
    [
        ("number", 123), ("negative", -1), ("float", 1.5), ("true", true), ("false", false), ("array", new JsonArray(1, "x")), ("empty array", new JsonArray()),
        ("object", new JsonObject { ["x"] = 1 }), ("empty object", new JsonObject()), ("string", "text"), ("empty string", ""), ("big number", JsonValue.Create(1e300)),
    ];

    private static IEnumerable<(string, byte[])> InvalidUtf8() =>
    [
        ("lone 0xFF", [0xFF]), ("truncated sequence", [0xC3]), ("bad continuation", [0xC3, 0x28]), ("overlong slash", [0xC0, 0xAF]),
        ("surrogate half", [0xED, 0xA0, 0x80]), ("beyond U+10FFFF", [0xF4, 0x90, 0x80, 0x80]), ("stray continuation", [0x80, 0x80]),
    ];

    private static JsonObject Clone(JsonObject o) => (JsonObject)o.DeepClone();

    private static string Describe(object? value)
    {
        var s = value?.ToString() ?? "null";
        s = new string(s.Select(ch => char.IsControl(ch) ? '·' : ch).ToArray());
        return s.Length > 40 ? s[..40] + "…" : s;
    }
}
