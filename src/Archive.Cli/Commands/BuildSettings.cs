using System.CommandLine;
using Archive.Site;

namespace Archive.Cli.Commands;

/// <summary>The options of build-like verbs (build, watch, serve), turned into <see cref="SiteOptions"/>.</summary>
internal sealed class BuildSettings
{
    public Option<DirectoryInfo> Input { get; } = CommonOptions.Input();
    public Option<DirectoryInfo> Output { get; } = CommonOptions.Output();
    public Option<DirectoryInfo> Theme { get; } = CommonOptions.Theme();
    public Option<DirectoryInfo?> Content { get; } = CommonOptions.Content();
    public Option<DirectoryInfo?> Cache { get; } = CommonOptions.Cache();
    public Option<string> BaseUrl { get; } = CommonOptions.BaseUrl();
    public Option<bool> Strict { get; } = CommonOptions.Strict();
    public Option<bool> Clean { get; } = CommonOptions.Clean();

    public void AddTo(Command command)
    {
        command.Options.Add(Input);
        command.Options.Add(Output);
        command.Options.Add(Theme);
        command.Options.Add(Content);
        command.Options.Add(Cache);
        command.Options.Add(BaseUrl);
        command.Options.Add(Strict);
        command.Options.Add(Clean);
    }

    public SiteOptions Read(ParseResult parse)
    {
        var output = parse.GetValue(Output)!.FullName;
        var parent = Path.GetDirectoryName(output.TrimEnd(Path.DirectorySeparatorChar)) ?? ".";
        return new SiteOptions
        {
            InputDirectory = parse.GetValue(Input)!.FullName,
            OutputDirectory = output,
            ThemeDirectory = parse.GetValue(Theme)!.FullName,
            ContentDirectory = parse.GetValue(Content)?.FullName ?? Path.Combine(parent, "content"),
            CacheDirectory = parse.GetValue(Cache)?.FullName,
            BaseUrl = parse.GetValue(BaseUrl) ?? "/",
            Clean = parse.GetValue(Clean),
        };
    }
}
