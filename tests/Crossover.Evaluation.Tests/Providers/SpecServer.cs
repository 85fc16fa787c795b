using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace Crossover.Evaluation.Tests.Providers;

/// <summary>One request as the spec server saw it.</summary>
internal sealed record SpecRequest(string Path, IReadOnlyDictionary<string, string> Headers, JsonNode Body);

/// <summary>
/// A server on 127.0.0.1 that answers every request with one fixed payload (a provider specification's own example)
/// and keeps what was asked, so a test checks the request we send and how we read the provider's documented answer.
/// </summary>
internal sealed class SpecServer : LocalHttpServer
{
    private readonly int _status;
    private readonly string _body;

    public SpecServer(string body, int status = 200)
    {
        _body = body;
        _status = status;
        Start();
    }

    public ConcurrentQueue<SpecRequest> Requests { get; } = new();

    protected override async Task HandleAsync(HttpListenerContext context)
    {
        try
        {
            using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
            var text = await reader.ReadToEndAsync();
            Requests.Enqueue(new SpecRequest(context.Request.Url!.AbsolutePath, Headers(context.Request), JsonNode.Parse(text.Length == 0 ? "{}" : text)!));
            var bytes = Encoding.UTF8.GetBytes(_body);
            context.Response.StatusCode = _status;
            context.Response.ContentType = "application/json";
            context.Response.ContentLength64 = bytes.Length;
            await context.Response.OutputStream.WriteAsync(bytes);
            context.Response.Close();
        }
        catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or IOException)
        {
            // The client went away.
        }
    }
}
