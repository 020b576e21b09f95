using System.Buffers;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Text;
using Microsoft.Extensions.Options;
using Webhooks.Core.Delivery.Outbound;

namespace Webhooks.Core.Delivery.Sending;

/// <summary>Sends one request and turns whatever happens into a <see cref="SendResult"/>; never throws for the receiver's faults.</summary>
public sealed class WebhookSender(OutboundHttp http, IOptions<DeliveryOptions> options, TimeProvider time)
{
    private static readonly MediaTypeHeaderValue Json = new("application/json");

    /// <param name="ct">Cancelled only when the process stops; then this throws and nothing is recorded.</param>
    public async Task<SendResult> SendAsync(OutboundRequest request, CancellationToken ct)
    {
        var startedAt = time.GetUtcNow().UtcDateTime;
        var started = time.GetTimestamp();
        var (client, refusal) = http.Choose(request.Url);
        if (client is null)
            return Failed(AttemptErrorKind.Other, refusal!);

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(request.Timeout);
        using var message = new HttpRequestMessage(HttpMethod.Post, request.Url) { Content = new ByteArrayContent(request.Body) };
        message.Content.Headers.ContentType = Json;
        foreach (var (name, value) in request.Headers)
        {
            if (name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase))
                continue;
            if (!message.Headers.TryAddWithoutValidation(name, value))
                message.Content.Headers.TryAddWithoutValidation(name, value);
        }

        try
        {
            using var response = await client.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
            var (body, truncated) = await ReadCappedAsync(response.Content, options.Value.MaxResponseBytes, timeout.Token).ConfigureAwait(false);
            var status = (int)response.StatusCode;
            var (finishedAt, ms) = Finished();
            var ok = status is >= 200 and < 300;
            return new SendResult(startedAt, finishedAt, ms, status, HeadersJson(response), body, truncated,
                ok ? AttemptErrorKind.None : AttemptErrorKind.HttpStatus,
                ok ? null : $"HTTP {status} {response.ReasonPhrase}".TrimEnd(),
                RetryPolicy.ReadRetryAfter(status, response.Headers.RetryAfter, finishedAt));
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            throw;
        }
        catch (OperationCanceledException)
        {
            return Failed(AttemptErrorKind.Timeout, $"Connection timeout: no complete answer within {request.Timeout.TotalSeconds:0.#} s");
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException)
        {
            var (kind, text) = Classify(ex);
            return Failed(kind, text);
        }

        // One reading of the clock for both, so FinishedAt is never before StartedAt + DurationMs.
        (DateTime At, int Ms) Finished()
        {
            var elapsed = time.GetElapsedTime(started);
            return (startedAt + elapsed, (int)Math.Min(int.MaxValue, elapsed.TotalMilliseconds));
        }

        SendResult Failed(AttemptErrorKind kind, string error)
        {
            var (finishedAt, ms) = Finished();
            return new(startedAt, finishedAt, ms, null, null, null, false, kind, error, null);
        }
    }

    /// <summary>Names the failure the way an admin reads it; the exception chain says what really happened.</summary>
    internal static (AttemptErrorKind Kind, string Message) Classify(Exception ex)
    {
        for (var e = ex; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case BlockedAddressException:
                    return (AttemptErrorKind.BlockedAddress, "blocked address");
                case AuthenticationException:
                    return (AttemptErrorKind.Tls, "TLS handshake failed: " + e.Message);
                case SocketException { SocketErrorCode: SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain }:
                    return (AttemptErrorKind.Dns, "DNS lookup failed: " + e.Message);
                case SocketException { SocketErrorCode: SocketError.ConnectionRefused }:
                    return (AttemptErrorKind.Refused, "Connection refused");
                case SocketException { SocketErrorCode: SocketError.TimedOut }:
                    return (AttemptErrorKind.Timeout, "Connection timeout");
            }
        }
        if (ex is HttpRequestException { HttpRequestError: HttpRequestError.NameResolutionError })
            return (AttemptErrorKind.Dns, "DNS lookup failed: " + ex.Message);
        if (ex is HttpRequestException { HttpRequestError: HttpRequestError.SecureConnectionError })
            return (AttemptErrorKind.Tls, "TLS handshake failed: " + ex.Message);
        return (AttemptErrorKind.Other, ex.InnerException is { } inner ? $"{ex.Message} ({inner.Message})" : ex.Message);
    }

    /// <summary>Reads at most <paramref name="limit"/> bytes; the rest of a large body is never pulled off the socket.</summary>
    private static async Task<(string Body, bool Truncated)> ReadCappedAsync(HttpContent content, int limit, CancellationToken ct)
    {
        // Most receivers answer with an empty or short body and say how long: nothing to read, or a
        // buffer its size instead of 80 KB rented per answer.
        var announced = content.Headers.ContentLength;
        if (announced == 0)
            return ("", false);
        await using var stream = await content.ReadAsStreamAsync(ct).ConfigureAwait(false);
        var buffer = ArrayPool<byte>.Shared.Rent((int)Math.Min(Math.Min(limit + 1, 81920), announced ?? long.MaxValue) + 1);
        using var collected = new MemoryStream();
        try
        {
            while (collected.Length <= limit)
            {
                var want = (int)Math.Min(buffer.Length, limit + 1 - collected.Length);
                var read = await stream.ReadAsync(buffer.AsMemory(0, want), ct).ConfigureAwait(false);
                if (read == 0)
                    break;
                collected.Write(buffer, 0, read);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
        var truncated = collected.Length > limit;
        var length = (int)Math.Min(collected.Length, limit);
        return (Encoding.UTF8.GetString(collected.GetBuffer(), 0, length), truncated);
    }

    /// <summary>
    /// The headers as they came (<c>NonValidated</c>): what the receiver sent, not values parsed and
    /// written again, and no parsing per attempt (a Date header was parsed to a date and formatted back).
    /// Those HttpClient itself has parsed by now (Content-Length, Transfer-Encoding, Connection) come
    /// out as it writes them. A name is in the response's headers or its content's, never both.
    /// </summary>
    private static string HeadersJson(HttpResponseMessage response)
    {
        using var scratch = JsonScratch.Rent();
        var json = scratch.Writer;
        json.WriteStartObject();
        foreach (var (name, values) in response.Headers.NonValidated)
            json.WriteString(name, values.ToString());
        foreach (var (name, values) in response.Content.Headers.NonValidated)
            json.WriteString(name, values.ToString());
        json.WriteEndObject();
        return Encoding.UTF8.GetString(scratch.Written);
    }
}
