using Crossover.Core.Input;

namespace Crossover.Core.Catalog;

/// <summary>
/// <c>crossover catalog check</c>: compares every model of a catalog with the community price database and lists the
/// prices that differ by more than 2 %, the models the database does not know, and which differences the allow-list
/// explains (docs/catalog.md, "Checking the catalog").
/// </summary>
public static class PriceCheck
{
    /// <summary>Relative difference above which two prices disagree.</summary>
    public const double Tolerance = 0.02;

    private const string AllowListResource = "Crossover.Core.Catalog.price-check-allowlist.yaml";

    private static readonly (string Field, string Key, Func<ModelPrice, double?> Catalog)[] Fields =
    [
        ("input", "input_mtok", m => m.Input),
        ("cachedInput", "cache_read_mtok", m => m.CachedInput),
        ("cacheWrite", "cache_write_mtok", m => m.CacheWrite),
        ("cacheWrite1h", "cache_write_1h_mtok", m => m.CacheWriteOneHour),
        ("output", "output_mtok", m => m.Output),
    ];

    /// <summary>The bundled allow-list of deliberate differences.</summary>
    /// <returns>The allowances.</returns>
    public static IReadOnlyList<PriceAllowance> BundledAllowList()
    {
        using var stream = typeof(PriceCheck).Assembly.GetManifestResourceStream(AllowListResource)
            ?? throw new InvalidOperationException($"The bundled allow-list resource '{AllowListResource}' is missing from the build.");
        using var reader = new StreamReader(stream);
        return ReadAllowList(YamlMap.Parse(reader.ReadToEnd(), "price-check-allowlist.yaml"));
    }

    /// <summary>Reads an allow-list: <c>allow:</c> with entries of <c>model</c>, <c>field</c> and <c>reason</c>.</summary>
    /// <param name="root">The parsed file.</param>
    /// <returns>The allowances.</returns>
    /// <exception cref="InputException">An entry lacks a model or a reason.</exception>
    public static IReadOnlyList<PriceAllowance> ReadAllowList(YamlMap root)
    {
        ArgumentNullException.ThrowIfNull(root);
        var allowances = root.MapList("allow").Select(entry =>
        {
            var allowance = new PriceAllowance(
                entry.RequiredString("model"),
                entry.String("field") ?? "*",
                entry.RequiredString("reason", "why the catalog's price stands, with its source and date"));
            entry.EnsureNoUnknownKeys();
            return allowance;
        }).ToList();
        root.EnsureNoUnknownKeys();
        return allowances;
    }

    /// <summary>Compares a catalog with the database.</summary>
    /// <param name="catalog">The catalog.</param>
    /// <param name="database">The community database.</param>
    /// <param name="allowList">Deliberate differences.</param>
    /// <returns>Differences, unknown models and stale allowances.</returns>
    public static PriceCheckResult Compare(PriceCatalog catalog, PriceDatabase database, IReadOnlyList<PriceAllowance> allowList)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(allowList);
        var compared = new List<string>();
        var unknown = new List<string>();
        var differences = new List<PriceDifference>();
        var used = new HashSet<PriceAllowance>();
        foreach (var model in catalog.Models)
        {
            if (database.Find(model.Provider, model.ProviderModel ?? model.Id, catalog.Date) is not var (dbId, prices))
            {
                unknown.Add(model.Id);
                continue;
            }

            compared.Add(model.Id);
            foreach (var (field, key, read) in Fields)
            {
                prices.TryGetValue(key, out var price);
                Add(field, read(model), price?.Base);
                if (model.LongContext is { } tier && field is "input" or "cachedInput" or "cacheWrite" or "output")
                {
                    var tierPrice = field switch
                    {
                        "input" => tier.Input,
                        "cachedInput" => tier.CachedInput,
                        "cacheWrite" => tier.CacheWrite,
                        _ => (double?)tier.Output,
                    };
                    Add("longContext." + field, tierPrice, price?.TierPrice);
                }
            }

            void Add(string field, double? ours, double? theirs)
            {
                if (!Differs(ours, theirs))
                {
                    return;
                }

                var allowance = allowList.FirstOrDefault(a =>
                    a.ModelId.Equals(model.Id, StringComparison.OrdinalIgnoreCase) && (a.Field == "*" || a.Field.Equals(field, StringComparison.OrdinalIgnoreCase)));
                if (allowance is not null)
                {
                    used.Add(allowance);
                }

                differences.Add(new PriceDifference(model.Id, dbId, field, ours, theirs, allowance?.Reason));
            }
        }

        return new PriceCheckResult(database.Origin, database.Date, catalog.Date, compared, differences, unknown,
            allowList.Where(a => !used.Contains(a)).ToList());
    }

    /// <summary>Whether two prices disagree: one side missing, or more than <see cref="Tolerance"/> apart relative to the database's.</summary>
    internal static bool Differs(double? ours, double? theirs) => (ours, theirs) switch
    {
        (null, null) => false,
        (null, _) or (_, null) => true,
        var (o, t) when t == 0 => o != 0,
        var (o, t) => Math.Abs(o!.Value - t!.Value) / Math.Abs(t.Value) > Tolerance + 1e-9, // 1.02 vs 1.00 is 2 %, not 2.0000000000000018 %
    };
}
