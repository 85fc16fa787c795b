using Crossover.Core.Catalog;
using Crossover.Core.Profiles;

namespace Crossover.Core.Tests;

public sealed class ProfileDefaultsTests
{
    [Fact]
    public void DefaultFineTuningBaseModel_TakesNewJobsInTheBundledCatalog()
    {
        var catalog = PriceCatalogReader.LoadBundled();
        var baseModel = new UseCaseProfile().FineTuned.BaseModel;

        var entry = catalog.FindModel(baseModel);

        Assert.NotNull(entry);
        Assert.True(entry.FineTuning is { AcceptsNewJobs: true }, $"the default base model {baseModel} takes no new fine-tuning jobs in the catalog of {catalog.Date}");
    }
}
