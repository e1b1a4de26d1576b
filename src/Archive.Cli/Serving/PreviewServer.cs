using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.Logging;

namespace Archive.Cli.Serving;

/// <summary>
/// A local preview of the published site on Kestrel: serves the output folder under the site's base
/// path (pretty URLs, the 404 page with status 404), and live-reloads open pages after each rebuild
/// through a server-sent event stream. The reload script is a file, so the pages' strict
/// Content-Security-Policy still holds; it is added to pages as they are served, never to output/.
/// </summary>
public sealed class PreviewServer : IAsyncDisposable
{
    public const string ReloadScriptPath = "_archive/livereload.js";
    public const string EventsPath = "_archive/events";

    private readonly string _output;
    private readonly string _basePath;
    private readonly ConcurrentDictionary<Guid, Channel> _clients = new();
    private readonly FileExtensionContentTypeProvider _types = new();
    private WebApplication? _app;

    public PreviewServer(string outputDirectory, string basePath)
    {
        _output = Path.GetFullPath(outputDirectory);
        _basePath = basePath.EndsWith('/') ? basePath : basePath + "/";
        _types.Mappings[".md"] = "text/markdown; charset=utf-8";
        _types.Mappings[".json"] = "application/json; charset=utf-8";
        _types.Mappings[".xml"] = "application/xml; charset=utf-8";
    }

    /// <summary>The address the server listens on, once started.</summary>
    public Uri? Address { get; private set; }

    public async Task StartAsync(int port, CancellationToken cancel = default)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, port));
        var app = builder.Build();
        app.Run(HandleAsync);
        await app.StartAsync(cancel).ConfigureAwait(false);
        _app = app;
        var address = app.Urls.FirstOrDefault() ?? $"http://127.0.0.1:{port}";
        Address = new Uri(new Uri(address), _basePath);
    }

    /// <summary>Tells every open page to reload.</summary>
    public void Reload()
    {
        foreach (var client in _clients.Values)
        {
            client.Send("reload");
        }
    }

    private async Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "/";
        if (!path.StartsWith(_basePath, StringComparison.Ordinal))
        {
            if (path == "/" && _basePath != "/")
            {
                context.Response.Redirect(_basePath);
                return;
            }

            await NotFoundAsync(context).ConfigureAwait(false);
            return;
        }

        var relative = Uri.UnescapeDataString(path[_basePath.Length..]);
        if (relative == EventsPath)
        {
            await EventsAsync(context).ConfigureAwait(false);
            return;
        }

        if (relative == ReloadScriptPath)
        {
            context.Response.ContentType = "text/javascript; charset=utf-8";
            await context.Response.WriteAsync(ReloadScript(), context.RequestAborted).ConfigureAwait(false);
            return;
        }

        var file = Resolve(relative);
        if (file is null)
        {
            if (Resolve(relative + "/") is not null)
            {
                context.Response.Redirect(path + "/" + context.Request.QueryString);
                return;
            }

            await NotFoundAsync(context).ConfigureAwait(false);
            return;
        }

        await SendFileAsync(context, file, 200).ConfigureAwait(false);
    }

    private string? Resolve(string relative)
    {
        if (relative.Length == 0 || relative.EndsWith('/'))
        {
            relative += "index.html";
        }

        var full = Path.GetFullPath(Path.Combine(_output, relative.Replace('/', Path.DirectorySeparatorChar)));
        return full.StartsWith(_output + Path.DirectorySeparatorChar, StringComparison.Ordinal) && File.Exists(full) ? full : null;
    }

    private async Task NotFoundAsync(HttpContext context)
    {
        var page = Path.Combine(_output, "404.html");
        if (File.Exists(page))
        {
            await SendFileAsync(context, page, 404).ConfigureAwait(false);
            return;
        }

        context.Response.StatusCode = 404;
        await context.Response.WriteAsync("not found", context.RequestAborted).ConfigureAwait(false);
    }

    private async Task SendFileAsync(HttpContext context, string file, int status)
    {
        byte[] bytes;
        try
        {
            bytes = await File.ReadAllBytesAsync(file, context.RequestAborted).ConfigureAwait(false);
        }
        catch (IOException)
        {
            // The site was swapped while reading: try once more from the new one.
            bytes = await File.ReadAllBytesAsync(file, context.RequestAborted).ConfigureAwait(false);
        }

        context.Response.StatusCode = status;
        context.Response.Headers.CacheControl = "no-store";
        if (!_types.TryGetContentType(file, out var type))
        {
            type = "application/octet-stream";
        }

        if (file.EndsWith(".html", StringComparison.Ordinal))
        {
            var html = Encoding.UTF8.GetString(bytes);
            var script = $"<script src=\"{_basePath}{ReloadScriptPath}\" defer></script>";
            var at = html.LastIndexOf("</body>", StringComparison.OrdinalIgnoreCase);
            html = at < 0 ? html + script : html.Insert(at, script);
            bytes = Encoding.UTF8.GetBytes(html);
            type = "text/html; charset=utf-8";
        }
        else if (file.EndsWith(".txt", StringComparison.Ordinal))
        {
            type = "text/plain";
        }

        context.Response.ContentType = type;
        await context.Response.Body.WriteAsync(bytes, context.RequestAborted).ConfigureAwait(false);
    }

    private async Task EventsAsync(HttpContext context)
    {
        context.Response.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-store";
        var id = Guid.NewGuid();
        var channel = new Channel();
        _clients[id] = channel;
        try
        {
            await context.Response.WriteAsync(": connected\n\n", context.RequestAborted).ConfigureAwait(false);
            await context.Response.Body.FlushAsync(context.RequestAborted).ConfigureAwait(false);
            while (!context.RequestAborted.IsCancellationRequested)
            {
                var message = await channel.ReceiveAsync(context.RequestAborted).ConfigureAwait(false);
                await context.Response.WriteAsync($"data: {message}\n\n", context.RequestAborted).ConfigureAwait(false);
                await context.Response.Body.FlushAsync(context.RequestAborted).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            // the page went away
        }
        finally
        {
            _clients.TryRemove(id, out _);
        }
    }

    private string ReloadScript() =>
        "(function () {\n" +
        "  'use strict';\n" +
        $"  var source = new EventSource('{_basePath}{EventsPath}');\n" +
        "  source.onmessage = function (e) { if (e.data === 'reload') { location.reload(); } };\n" +
        "}());\n";

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync().ConfigureAwait(false);
            await _app.DisposeAsync().ConfigureAwait(false);
        }
    }

    private sealed class Channel
    {
        private readonly SemaphoreSlim _ready = new(0);
        private readonly ConcurrentQueue<string> _messages = new();

        public void Send(string message)
        {
            _messages.Enqueue(message);
            _ready.Release();
        }

        public async Task<string> ReceiveAsync(CancellationToken cancel)
        {
            await _ready.WaitAsync(cancel).ConfigureAwait(false);
            return _messages.TryDequeue(out var m) ? m : "";
        }
    }
}
