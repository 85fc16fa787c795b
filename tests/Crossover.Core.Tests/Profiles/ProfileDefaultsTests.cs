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

        // A default that shuts down, or stops taking jobs, within a year of the catalog's date would send newcomers to a dead end.
        var horizon = catalog.Date.AddYears(1);
        Assert.True(entry.FineTuning.NewJobsUntil is null || entry.FineTuning.NewJobsUntil > horizon, $"the default base model {baseModel} stops taking new fine-tuning jobs on {entry.FineTuning.NewJobsUntil}");
        Assert.True(entry.Lifecycle?.Shutdown is null || entry.Lifecycle.Shutdown > horizon, $"the default base model {baseModel} shuts down on {entry.Lifecycle?.Shutdown}");
    }
}
