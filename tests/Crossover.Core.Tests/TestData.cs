using Crossover.Core.Catalog;

namespace Crossover.Core.Tests;

internal static class TestData
{
    public static PriceCatalog Catalog { get; } = PriceCatalogReader.LoadBundled();

    public static string RepoRoot { get; } = FindRepoRoot();

    public static string Scenario(string file) => Path.Combine(RepoRoot, "examples", "scenarios", file);

    /// <summary>A catalog with round numbers so expected costs can be computed by hand.</summary>
    public static PriceCatalog HandCatalog { get; } = PriceCatalogReader.Read(Input.YamlMap.Parse("""
        date: 2026-01-01
        models:
          - id: big
            input: 10
            cachedInput: 1
            cacheWrite: 12.5
            output: 30
            minCacheableTokens: 1000
            source: test
          - id: small
            input: 1
            output: 2
            source: test
            parametersBillions: 8
            fineTuning: { training: 4, input: 2, output: 4, source: test }
          - id: closed
            input: 1
            output: 1
            source: test
            fineTuning: { training: 4, input: 2, output: 4, acceptsNewJobs: false, availability: "winding down", source: test }
        gpus:
          - id: gpu
            hourly: 2
            peakTflops: 1000
            source: test
        """, "hand.yaml"), requireDate: true);

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Crossover.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Crossover.slnx not found");
    }
}
