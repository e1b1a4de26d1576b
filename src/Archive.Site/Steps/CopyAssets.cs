using Archive.Site.Pipeline;

namespace Archive.Site.Steps;

/// <summary>Publishes the theme's CSS and JS and lunr.js under names carrying their content hash.</summary>
public sealed class CopyAssets : BuildStep
{
    public override void Execute(BuildContext context)
    {
        foreach (var asset in context.Theme.Assets)
        {
            Add(context, asset.OutputPath, asset.Content);
        }
    }
}
