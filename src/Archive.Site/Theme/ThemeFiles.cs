using System.Collections.Frozen;
using System.Collections.Immutable;
using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using HandlebarsDotNet;

namespace Archive.Site.Theme;

/// <summary>A theme asset published under a name carrying its content hash.</summary>
public sealed record ThemeAsset(string Name, string OutputPath, byte[] Content);

/// <summary>A theme problem (missing template, template syntax, lunr.js not installed), naming the file.</summary>
public sealed class ThemeException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// The theme, read from its folder at build start: Handlebars layouts (<c>layouts/*.hbs</c>) and
/// partials (<c>partials/*.hbs</c>), CSS and JS assets (<c>assets/</c>, published with a content hash
/// in their names so they can be cached forever), the wording of the build's notes on report pages
/// (<c>notes.yaml</c>, <see cref="NoteWording"/>), and lunr.js from the theme's npm packages.
/// Changing the theme needs no recompile. Immutable and thread-safe once loaded.
/// </summary>
public sealed partial class ThemeFiles
{
    private readonly FrozenDictionary<string, HandlebarsTemplate<object, object>> _layouts;
    private readonly FrozenDictionary<string, ThemeAsset> _assets;

    private ThemeFiles(string directory, FrozenDictionary<string, HandlebarsTemplate<object, object>> layouts, FrozenDictionary<string, ThemeAsset> assets, NoteWording notes, string hash)
    {
        Directory = directory;
        _layouts = layouts;
        _assets = assets;
        Notes = notes;
        Hash = hash;
    }

    /// <summary>How report pages word the build's notes (<c>notes.yaml</c>; none: as the build wrote them).</summary>
    public NoteWording Notes { get; }

    private const string NotesFile = "notes.yaml";

    public string Directory { get; }

    /// <summary>SHA-256 over every theme file that affects the output: part of the build cache key.</summary>
    public string Hash { get; }

    public IEnumerable<ThemeAsset> Assets => _assets.Values.OrderBy(a => a.Name, StringComparer.Ordinal);

    /// <summary>The published URL path (site-relative) of an asset, by its source name (site.css, lunr.js…).</summary>
    public string AssetPath(string name) =>
        _assets.TryGetValue(name, out var a) ? a.OutputPath : throw new ThemeException($"theme asset {name} not found in {Directory}/assets");

    public bool HasLayout(string name) => _layouts.ContainsKey(name);

    /// <summary>Renders a layout with a model.</summary>
    public string Render(string layout, object model)
    {
        if (!_layouts.TryGetValue(layout, out var template))
        {
            throw new ThemeException($"layout {layout}.hbs not found in {Path.Combine(Directory, "layouts")}");
        }

        return template(model);
    }

    /// <summary>Reads a theme folder. Restores lunr.js with npm when it is missing.</summary>
    public static ThemeFiles Load(string directory, Action<string>? log = null)
    {
        var root = Path.GetFullPath(directory);
        if (!System.IO.Directory.Exists(root))
        {
            throw new ThemeException($"theme folder not found: {directory}");
        }

        var lunr = EnsureLunr(root, log);
        var handlebars = Handlebars.Create(new HandlebarsConfiguration { ThrowOnUnresolvedBindingExpression = false });

        foreach (var partial in Files(root, "partials", "*.hbs"))
        {
            var text = Unindent(File.ReadAllText(partial));
            try
            {
                handlebars.RegisterTemplate(Path.GetFileNameWithoutExtension(partial), text);
            }
            catch (HandlebarsException ex)
            {
                throw new ThemeException($"{Relative(root, partial)}: {ex.Message}", ex);
            }
        }

        var layouts = new Dictionary<string, HandlebarsTemplate<object, object>>(StringComparer.Ordinal);
        foreach (var layout in Files(root, "layouts", "*.hbs"))
        {
            var text = Unindent(File.ReadAllText(layout));
            try
            {
                layouts[Path.GetFileNameWithoutExtension(layout)] = handlebars.Compile(text);
            }
            catch (HandlebarsException ex)
            {
                throw new ThemeException($"{Relative(root, layout)}: {ex.Message}", ex);
            }
        }

        var assets = new Dictionary<string, ThemeAsset>(StringComparer.Ordinal);
        var sources = Files(root, "assets", "*", recursive: true).Select(p => (Name: Path.GetFileName(p), Path: p)).ToList();
        sources.Add(("lunr.js", lunr));
        foreach (var duplicate in sources.GroupBy(s => s.Name).Where(g => g.Count() > 1))
        {
            throw new ThemeException($"two theme assets are named {duplicate.Key}: {string.Join(", ", duplicate.Select(d => Relative(root, d.Path)))}");
        }

        foreach (var (name, path) in sources)
        {
            var bytes = File.ReadAllBytes(path);
            var fingerprint = Convert.ToHexStringLower(SHA256.HashData(bytes))[..10];
            var output = $"assets/{Path.GetFileNameWithoutExtension(name)}.{fingerprint}{Path.GetExtension(name)}";
            assets[name] = new ThemeAsset(name, output, bytes);
        }

        var notesFile = Path.Combine(root, NotesFile);
        var notes = File.Exists(notesFile) ? NoteWording.Parse(File.ReadAllText(notesFile), Relative(root, notesFile)) : NoteWording.None;
        return new ThemeFiles(root, layouts.ToFrozenDictionary(StringComparer.Ordinal), assets.ToFrozenDictionary(StringComparer.Ordinal),
            notes, ComputeHash(root));
    }

    /// <summary>
    /// Handlebars.Net (2.4.3) does not HTML-escape the output of a partial call standing alone on an
    /// indented line (<c>    {{&gt; report-list}}</c>): it re-indents the partial's output through a
    /// writer that skips encoding, so report text would become markup. The indentation is cosmetic;
    /// it is removed before compiling, for every template, so no theme can fall into this.
    /// </summary>
    internal static string Unindent(string template) => IndentedPartial().Replace(template, "$1");

    [System.Text.RegularExpressions.GeneratedRegex(@"(?m)^[ \t]+(\{\{~?>)")]
    private static partial System.Text.RegularExpressions.Regex IndentedPartial();

    /// <summary>
    /// SHA-256 over every theme file that affects the output (layouts, partials, assets, notes.yaml, lunr.js),
    /// computed without compiling anything, so a build can tell quickly whether the theme changed.
    /// </summary>
    public static string ComputeHash(string directory)
    {
        var root = Path.GetFullPath(directory);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var files = Files(root, "layouts", "*.hbs")
            .Concat(Files(root, "partials", "*.hbs"))
            .Concat(Files(root, "assets", "*", recursive: true))
            .Append(Path.Combine(root, NotesFile))
            .Append(Path.Combine(root, "node_modules", "lunr", "lunr.min.js"));
        foreach (var file in files)
        {
            hash.AppendData(Encoding.UTF8.GetBytes(Relative(root, file) + "\n"));
            if (File.Exists(file))
            {
                hash.AppendData(File.ReadAllBytes(file));
            }
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    private static IEnumerable<string> Files(string root, string folder, string pattern, bool recursive = false)
    {
        var dir = Path.Combine(root, folder);
        return System.IO.Directory.Exists(dir)
            ? System.IO.Directory.EnumerateFiles(dir, pattern, recursive ? SearchOption.AllDirectories : SearchOption.TopDirectoryOnly)
                .Where(p => !Path.GetFileName(p).StartsWith('.'))
                .Order(StringComparer.Ordinal)
            : [];
    }

    private static string Relative(string root, string path) => "theme/" + Path.GetRelativePath(root, path).Replace('\\', '/');

    /// <summary>lunr.js comes from npm (theme/package.json and its lock file); a fresh checkout restores it here.</summary>
    public static string EnsureLunr(string root, Action<string>? log)
    {
        var lunr = Path.Combine(root, "node_modules", "lunr", "lunr.min.js");
        if (File.Exists(lunr))
        {
            return lunr;
        }

        if (!File.Exists(Path.Combine(root, "package.json")))
        {
            throw new ThemeException($"lunr.js is missing and {root} has no package.json to restore it from");
        }

        log?.Invoke("restoring lunr.js with npm ci (theme/package-lock.json)…");
        var (code, output) = RunNpm(root);
        if (code != 0 || !File.Exists(lunr))
        {
            throw new ThemeException($"lunr.js is missing and `npm ci` in {root} failed (exit {code}). Install Node.js with npm, then run `npm ci` in theme/.\n{output}");
        }

        return lunr;
    }

    private static (int Code, string Output) RunNpm(string directory)
    {
        try
        {
            var start = new ProcessStartInfo("npm", ["ci", "--no-audit", "--no-fund", "--ignore-scripts"])
            {
                WorkingDirectory = directory,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            process.WaitForExit();
            return (process.ExitCode, stdout.Result + stderr.Result);
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            return (-1, $"npm could not be started: {ex.Message}");
        }
    }
}
