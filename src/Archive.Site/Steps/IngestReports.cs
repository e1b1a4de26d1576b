using Archive.Ingest;
using Archive.Site.Model;
using Archive.Site.Pipeline;

namespace Archive.Site.Steps;

/// <summary>Reads the input folder through the ingest pipeline and builds the site model.</summary>
public sealed class IngestReports(Func<IngestResult>? ingest = null) : BuildStep
{
    public override void Execute(BuildContext context)
    {
        var result = ingest?.Invoke() ?? Default(context.Options.InputDirectory);
        context.Set(result);
        context.Set(new SiteModel(result));
        foreach (var warning in result.Warnings)
        {
            context.Warn(warning);
        }
    }

    private static IngestResult Default(string input) =>
        new IngestPipeline(InputFolder.LoadOptions(input)).Ingest(InputFolder.Enumerate(input));
}
