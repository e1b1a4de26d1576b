using System.Security.Cryptography;
using System.Text;

namespace Archive.Site.Caching;

/// <summary>
/// Identifies the exact build of the tool: the module version ids of its assemblies (deterministic
/// builds give the same id for the same source), so a cache written by other code is never trusted.
/// </summary>
public static class ToolVersion
{
    public static string Key { get; } = Compute();

    private static string Compute()
    {
        var assemblies = new[]
        {
            typeof(Core.Report).Assembly,
            typeof(Ingest.IngestPipeline).Assembly,
            typeof(Search.LunrIndexBuilder).Assembly,
            typeof(SiteBuild).Assembly,
        };
        var text = string.Join("\n", assemblies.Select(a => $"{a.GetName().Name}:{a.ManifestModule.ModuleVersionId}"));
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..16];
    }
}
