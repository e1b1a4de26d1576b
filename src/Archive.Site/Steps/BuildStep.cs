using Archive.Site.Pipeline;

namespace Archive.Site.Steps;

/// <summary>Base for the build's steps: the class name (a verb) is the step's name.</summary>
public abstract class BuildStep : IBuildStep
{
    public string Name => GetType().Name;

    public virtual IReadOnlyList<string> DependsOn => [];

    public abstract void Execute(BuildContext context);

    protected void Add(BuildContext context, string path, ReadOnlySpan<byte> content) => context.Outputs.Add(Name, path, content);

    protected void AddText(BuildContext context, string path, string text) => context.Outputs.AddText(Name, path, text);
}
