using System.Net;
using System.Net.Sockets;

namespace Crossover.Testing;

/// <summary>
/// An HTTP server on a free port of 127.0.0.1 that hands each request to <see cref="HandleAsync"/>: the plumbing shared
/// by the test servers that speak a provider's wire format (chat completions, files and fine-tuning jobs).
/// </summary>
public abstract class LocalHttpServer : IDisposable
{
    private readonly HttpListener _listener = new();
    private Task? _loop;

    protected LocalHttpServer()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        BaseUrl = $"http://127.0.0.1:{((IPEndPoint)socket.LocalEndpoint).Port}";
    }

    public string BaseUrl { get; }

    public void Dispose()
    {
        _listener.Close();
        try
        {
            _loop?.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // The accept loop ends with an exception when the listener closes.
        }
    }

    /// <summary>The request's headers with lower-case names.</summary>
    protected static Dictionary<string, string> Headers(HttpListenerRequest request) =>
        request.Headers.AllKeys.Where(k => k is not null).ToDictionary(k => k!.ToLowerInvariant(), k => request.Headers[k]!);

    /// <summary>Starts accepting; a derived server calls it last in its constructor, once its own state is set.</summary>
    protected void Start()
    {
        _listener.Prefixes.Add(BaseUrl + "/");
        _listener.Start();
        _loop = Task.Run(AcceptAsync);
    }

    /// <summary>Answers one request; runs on the thread pool, one call per request.</summary>
    protected abstract Task HandleAsync(HttpListenerContext context);

    private async Task AcceptAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            _ = Task.Run(() => HandleAsync(context));
        }
    }
}
