using Crossover.Core.Catalog;
using Crossover.Evaluation.Middleware;
using Crossover.Evaluation.Running;
using Microsoft.Extensions.AI;

namespace Crossover.Evaluation.Tests.Running;

public sealed class PricingTests
{
    private static readonly PriceCatalog Catalog = PriceCatalogReader.LoadBundled();

    [Fact]
    public void CacheWrites_ArePricedAtTheCatalogsWritePremium()
    {
        var price = Pricing.Find(Catalog, "claude-sonnet-4-5")!;
        // Anthropic's answer: 44 uncached + 2,051 written + 1,000 read = 3,095 prompt tokens, 503 out.
        var usage = new UsageDetails
        {
            InputTokenCount = 3_095,
            CachedInputTokenCount = 1_000,
            OutputTokenCount = 503,
            AdditionalCounts = new() { [CallMetadata.CacheWriteTokens] = 2_051 },
        };

        var cost = price.Cost(usage);

        // 44 × $3 + 2,051 × $3.75 + 1,000 × $0.30 + 503 × $15, per 1M tokens = $0.01566825.
        Assert.Equal(((44 * 3.00) + (2_051 * 3.75) + (1_000 * 0.30) + (503 * 15.00)) / 1e6, cost, 12);
        Assert.Equal(0.01566825, cost, 9);
    }

    [Fact]
    public void NoCacheWrites_CostsWhatTheThreeCountsCost()
    {
        var price = Pricing.Find(Catalog, "claude-sonnet-4-5")!;

        var cost = price.Cost(new UsageDetails { InputTokenCount = 1_200, CachedInputTokenCount = 200, OutputTokenCount = 10 });

        Assert.Equal(price.Cost(1_200, 200, 10), cost, 12);
    }
}
