using System.Reflection;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace Archive.Ingest.Rules;

/// <summary>Reads the YAML data files (embedded defaults and archivist overrides) with clear errors.</summary>
internal static class YamlFiles
{
    private static readonly IDeserializer Deserializer = new DeserializerBuilder()
        .WithNamingConvention(HyphenatedNamingConvention.Instance)
        .Build();

    public static T ReadEmbedded<T>(string name)
        where T : new()
    {
        var resource = $"Archive.Ingest.Rules.{name}";
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"embedded rules file {resource} is missing");
        using var reader = new StreamReader(stream);
        return Parse<T>(reader.ReadToEnd(), $"(built-in) {name}");
    }

    /// <summary>The text of an optional file; null when it does not exist.</summary>
    public static string? ReadText(string path, string displayName)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new RuleFileException(displayName, null, $"cannot be read: {ex.Message}", ex);
        }
    }

    /// <summary>
    /// Runs <paramref name="build"/> (the checks made after reading <paramref name="text"/>) and gives
    /// a problem it reports without a line the line of its value in the text, when the text has it.
    /// </summary>
    public static T Locate<T>(string? text, Func<T> build)
    {
        try
        {
            return build();
        }
        catch (RuleFileException ex) when (ex.Line is null && ex.Value is { } value && text is not null && LineOf(text, value) is { } line)
        {
            throw new RuleFileException(ex.File, line, ex.Problem, ex.InnerException) { Value = value };
        }
    }

    /// <summary>The line (1-based) of the first scalar of <paramref name="text"/> equal to <paramref name="value"/>.</summary>
    public static int? LineOf(string text, string value)
    {
        try
        {
            var parser = new Parser(new StringReader(text));
            while (parser.MoveNext())
            {
                if (parser.Current is YamlDotNet.Core.Events.Scalar scalar && scalar.Value == value)
                {
                    return (int)scalar.Start.Line;
                }
            }
        }
        catch (YamlException)
        {
            // Read before: cannot happen; without a line the message still names the file.
        }

        return null;
    }

    public static T Parse<T>(string text, string displayName)
        where T : new()
    {
        try
        {
            return Deserializer.Deserialize<T>(text) ?? new T();
        }
        catch (YamlException ex)
        {
            var problem = ex.InnerException is { } inner && inner is not YamlException
                ? $"{FirstLine(ex.Message)} ({inner.Message})"
                : FirstLine(ex.Message);
            throw new RuleFileException(displayName, (int)ex.Start.Line, problem, ex);
        }
    }

    /// <summary>How long a pattern from an archivist's file may run on one line before the file is given up.</summary>
    public static readonly TimeSpan UserPatternTimeout = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Compiles a rule's pattern. A built-in pattern (<paramref name="builtIn"/>: tested with the
    /// tool) runs without a time limit, which costs every match a clock read and its loops a check (about
    /// 5 % of ingest); a pattern from an archivist's file in input/ gets <see cref="UserPatternTimeout"/>, so
    /// that one that backtracks without end stops the file it runs on (see <see cref="IngestPipeline.TryIngestFile"/>)
    /// rather than the build.
    /// </summary>
    public static Regex Compile(string pattern, string displayName, string ruleName, bool builtIn = false)
    {
        try
        {
            return new Regex(pattern, RegexOptions.Compiled | RegexOptions.CultureInvariant, builtIn ? Regex.InfiniteMatchTimeout : UserPatternTimeout);
        }
        catch (ArgumentException ex)
        {
            throw new RuleFileException(displayName, null, $"rule '{ruleName}' has an invalid pattern: {ex.Message}", ex) { Value = pattern };
        }
    }

    private static string FirstLine(string message)
    {
        var text = message.Trim();
        var cut = text.IndexOf('\n', StringComparison.Ordinal);
        return cut < 0 ? text : text[..cut].Trim();
    }
}
