namespace Archive.Site.Pipeline;

/// <summary>
/// One step of the site build, named as a verb (RenderReportPages, GenerateSearchIndex…). A step
/// declares the steps it depends on, reads their products from the context, and adds its own
/// products and output files. Steps never change what another step produced.
/// </summary>
public interface IBuildStep
{
    /// <summary>The step's name, a verb phrase; also how other steps name it as a dependency.</summary>
    string Name { get; }

    /// <summary>
    /// Names of the steps that must finish before this one starts; <c>"*"</c> (<see cref="StepRunner.AllSteps"/>)
    /// stands for every step that does not itself depend on <c>"*"</c>.
    /// </summary>
    IReadOnlyList<string> DependsOn { get; }

    void Execute(BuildContext context);
}
