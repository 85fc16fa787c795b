using System.Globalization;
using Crossover.Core.Input;

namespace Crossover.Core.Catalog;

/// <summary>Reads price catalogs: the bundled one, and user files in the same format (docs/catalog.md).</summary>
public static class PriceCatalogReader
{
    private const string BundledResource = "Crossover.Core.Catalog.prices.yaml";

    /// <summary>The catalog shipped with Crossover.</summary>
    /// <returns>The bundled catalog.</returns>
    public static PriceCatalog LoadBundled()
    {
        using var stream = typeof(PriceCatalogReader).Assembly.GetManifestResourceStream(BundledResource)
            ?? throw new InvalidOperationException($"The bundled price catalog resource '{BundledResource}' is missing from the build.");
        using var reader = new StreamReader(stream);
        return Read(YamlMap.Parse(reader.ReadToEnd(), "bundled catalog"), requireDate: true);
    }

    /// <summary>Reads a user catalog file.</summary>
    /// <param name="path">The file path.</param>
    /// <returns>The catalog.</returns>
    /// <exception cref="InputException">The file is missing or malformed.</exception>
    public static PriceCatalog Load(string path) => Read(YamlMap.Load(path), requireDate: true);

    /// <summary>Reads a catalog from a parsed mapping (also used for inline <c>prices:</c> blocks).</summary>
    /// <param name="root">The mapping.</param>
    /// <param name="requireDate">Whether <c>date</c> must be present.</param>
    /// <returns>The catalog.</returns>
    public static PriceCatalog Read(YamlMap root, bool requireDate)
    {
        ArgumentNullException.ThrowIfNull(root);
        var dateText = requireDate ? root.RequiredString("date", "write the date the prices were read, e.g. 2026-11-23") : root.String("date");
        var date = DateOnly.MinValue;
        if (dateText is not null && !DateOnly.TryParseExact(dateText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date))
        {
            throw root.Error("date", $"'{dateText}' is not a date", "write it as YYYY-MM-DD");
        }

        var currency = root.String("currency") ?? "USD";
        if (currency != "USD")
        {
            throw root.Error("currency", $"only USD is supported, not '{currency}'", "convert the prices to USD");
        }

        var models = root.MapList("models").Select(ReadModel).ToList();
        var gpus = root.MapList("gpus").Select(ReadGpu).ToList();
        root.EnsureNoUnknownKeys();
        return new PriceCatalog(date, currency, models, gpus);
    }

    private static ModelPrice ReadModel(YamlMap map)
    {
        var model = new ModelPrice(
            Id: map.RequiredString("id"),
            Provider: map.String("provider") ?? "custom",
            Input: map.Number("input", 0) ?? throw map.Error("input", "is required", "USD per 1M input tokens"),
            CachedInput: map.Number("cachedInput", 0),
            CacheWrite: map.Number("cacheWrite", 0),
            Output: map.Number("output", 0) ?? throw map.Error("output", "is required", "USD per 1M output tokens"),
            BatchDiscount: map.Number("batchDiscount", 0, 1) ?? 0,
            MinCacheableTokens: map.Integer("minCacheableTokens", 0) ?? 1024,
            ContextTokens: map.Integer("contextTokens", 1),
            ParametersBillions: map.Number("parametersBillions", 0),
            FineTuning: ReadFineTuning(map.Map("fineTuning")),
            Source: map.String("source") ?? "user catalog");
        map.EnsureNoUnknownKeys();
        return model;
    }

    private static FineTuningPrice? ReadFineTuning(YamlMap? map)
    {
        if (map is null)
        {
            return null;
        }

        var price = new FineTuningPrice(
            Training: map.Number("training", 0) ?? throw map.Error("training", "is required", "USD per 1M training tokens"),
            Input: map.Number("input", 0) ?? throw map.Error("input", "is required", "USD per 1M input tokens to the tuned model"),
            CachedInput: map.Number("cachedInput", 0),
            Output: map.Number("output", 0) ?? throw map.Error("output", "is required", "USD per 1M output tokens from the tuned model"),
            AcceptsNewJobs: map.Bool("acceptsNewJobs") ?? true,
            Availability: map.String("availability"),
            Source: map.String("source") ?? "user catalog");
        map.EnsureNoUnknownKeys();
        return price;
    }

    private static GpuPrice ReadGpu(YamlMap map)
    {
        var gpu = new GpuPrice(
            Id: map.RequiredString("id"),
            Provider: map.String("provider") ?? "custom",
            Gpu: map.String("gpu") ?? map.RequiredString("id"),
            Hourly: map.Number("hourly", 0) ?? throw map.Error("hourly", "is required", "USD per GPU-hour"),
            PeakTflops: map.Number("peakTflops", 0) ?? 0,
            MemoryGb: map.Number("memoryGb", 0) ?? 0,
            Source: map.String("source") ?? "user catalog");
        map.EnsureNoUnknownKeys();
        return gpu;
    }
}
