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
        if (requireDate)
        {
            root.RequiredString("date", "write the date the prices were read, e.g. 2026-11-29");
        }

        var date = Date(root, "date") ?? DateOnly.MinValue;

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
            Source: map.String("source") ?? "user catalog",
            CacheWriteOneHour: map.Number("cacheWrite1h", 0),
            LongContext: ReadLongContext(map.Map("longContext")),
            Lifecycle: ReadLifecycle(map.Map("lifecycle")),
            ProviderModel: map.String("providerModel"),
            Read: Date(map, "read"),
            Unconfirmed: map.String("unconfirmed"));
        map.EnsureNoUnknownKeys();
        return model;
    }

    private static LongContextPrice? ReadLongContext(YamlMap? map)
    {
        if (map is null)
        {
            return null;
        }

        var tier = new LongContextPrice(
            AboveTokens: map.Integer("above", 1) ?? throw map.Error("above", "is required", "the prompt length in tokens above which these rates apply, e.g. 200000"),
            Input: map.Number("input", 0) ?? throw map.Error("input", "is required", "USD per 1M input tokens above the threshold"),
            CachedInput: map.Number("cachedInput", 0),
            CacheWrite: map.Number("cacheWrite", 0),
            Output: map.Number("output", 0) ?? throw map.Error("output", "is required", "USD per 1M output tokens above the threshold"));
        map.EnsureNoUnknownKeys();
        return tier;
    }

    private static ModelLifecycle? ReadLifecycle(YamlMap? map)
    {
        if (map is null)
        {
            return null;
        }

        var lifecycle = new ModelLifecycle(
            Deprecated: Date(map, "deprecated"),
            Shutdown: Date(map, "shutdown"),
            Successor: map.String("successor"),
            Note: map.String("note"),
            Source: map.RequiredString("source", "the page that announces the dates, e.g. the provider's deprecations page"),
            Read: Date(map, "read"));
        if (lifecycle is { Deprecated: { } deprecated, Shutdown: { } shutdown } && shutdown < deprecated)
        {
            throw map.Error("shutdown", $"{shutdown:yyyy-MM-dd} is before the deprecation {deprecated:yyyy-MM-dd}", "check the dates on the provider's deprecations page");
        }

        map.EnsureNoUnknownKeys();
        return lifecycle;
    }

    private static DateOnly? Date(YamlMap map, string key)
    {
        var text = map.String(key);
        if (text is null)
        {
            return null;
        }

        return DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : throw map.Error(key, $"'{text}' is not a date", "write it as YYYY-MM-DD");
    }

    private static FineTuningPrice? ReadFineTuning(YamlMap? map)
    {
        if (map is null)
        {
            return null;
        }

        var endpoint = ReadEndpoint(map.Map("endpoint"));
        double PerToken(string key, string hint)
        {
            var value = map.Number(key, 0);
            return (endpoint, value) switch
            {
                (null, null) => throw map.Error(key, "is required", hint),
                (not null, not null) => throw map.Error(key, "cannot be given with 'endpoint'", "a tuned model on a dedicated endpoint is billed by the hour, not per token: remove it"),
                _ => value ?? 0,
            };
        }

        var price = new FineTuningPrice(
            Training: map.Number("training", 0) ?? throw map.Error("training", "is required", "USD per 1M training tokens"),
            Input: PerToken("input", "USD per 1M input tokens to the tuned model, or an 'endpoint' billed by the hour"),
            CachedInput: map.Number("cachedInput", 0),
            Output: PerToken("output", "USD per 1M output tokens from the tuned model, or an 'endpoint' billed by the hour"),
            AcceptsNewJobs: map.Bool("acceptsNewJobs") ?? true,
            Availability: map.String("availability"),
            Source: map.String("source") ?? "user catalog",
            NewJobsUntil: Date(map, "newJobsUntil"),
            ServingUntil: Date(map, "servingUntil"),
            WindDown: ReadWindDown(map),
            Endpoint: endpoint,
            Read: Date(map, "read"));
        map.EnsureNoUnknownKeys();
        return price;
    }

    private static List<WindDownStep> ReadWindDown(YamlMap map)
    {
        var steps = map.MapList("windDown").Select(step =>
        {
            var read = new WindDownStep(
                Date(step, "from") ?? throw step.Error("from", "is required", "the first day the step applies, YYYY-MM-DD"),
                step.RequiredString("blocks", "who can no longer start new jobs from that day"));
            step.EnsureNoUnknownKeys();
            return read;
        }).ToList();
        for (var i = 1; i < steps.Count; i++)
        {
            if (steps[i].From < steps[i - 1].From)
            {
                throw map.Error("windDown", $"step {i + 1} ({steps[i].From:yyyy-MM-dd}) comes before step {i} ({steps[i - 1].From:yyyy-MM-dd})", "list the steps earliest first");
            }
        }

        return steps;
    }

    private static DedicatedEndpoint? ReadEndpoint(YamlMap? map)
    {
        if (map is null)
        {
            return null;
        }

        var endpoint = new DedicatedEndpoint(
            Hourly: map.Number("hourly", 0) ?? throw map.Error("hourly", "is required", "USD per replica-hour"),
            Hardware: map.RequiredString("hardware", "what one replica runs on, e.g. 1x H100 80GB"),
            Source: map.String("source") ?? "user catalog");
        map.EnsureNoUnknownKeys();
        return endpoint;
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
            Source: map.String("source") ?? "user catalog",
            Read: Date(map, "read"),
            Unconfirmed: map.String("unconfirmed"));
        map.EnsureNoUnknownKeys();
        return gpu;
    }
}
