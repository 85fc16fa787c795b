using Crossover.Core.Catalog;
using Crossover.Evaluation.Experiments;
using Crossover.Evaluation.Providers;
using Microsoft.Extensions.Logging;

namespace Crossover.Evaluation.Middleware;

/// <summary>
/// What every runner that calls models is given (eval, the optimizer, distillation, the learning curve): the providers,
/// the prices, the clock, whether the response cache is used and where calls are logged. Each runner builds its clients
/// with <see cref="Pipeline"/>, so these settings and the layers' composition have one home.
/// </summary>
/// <param name="Providers">Creates each model's bare client.</param>
/// <param name="Catalog">Prices calls (null: costs are unknown).</param>
public sealed record CallSetup(ProviderRegistry Providers, PriceCatalog? Catalog)
{
    /// <summary>The clock every wait, deadline, latency and timestamp runs on (default: the system clock).</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>Whether identical calls are answered from the response cache (default true).</summary>
    public bool UseCache { get; init; } = true;

    /// <summary>Where each provider attempt is logged (<see cref="CallPipeline.Logging"/>); off when null.</summary>
    public ILoggerFactory? Logging { get; init; }

    /// <summary>The call pipeline for one experiment's calls.</summary>
    /// <param name="calls">Timeout, retries and backoff.</param>
    /// <param name="cache">The response cache, used only when <see cref="UseCache"/> is on; null for none.</param>
    /// <returns>The pipeline.</returns>
    public CallPipeline Pipeline(CallPolicy calls, IResponseCache? cache) =>
        new(Providers, Catalog, calls, Time) { Cache = UseCache ? cache : null, Logging = Logging };
}
