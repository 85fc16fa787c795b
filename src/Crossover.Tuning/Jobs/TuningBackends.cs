using System.Collections;
using Crossover.Core.Input;
using Crossover.Evaluation.Experiments;

namespace Crossover.Tuning.Jobs;

/// <summary>
/// The backends <see cref="TuningJobs"/> can start jobs on, by name. <see cref="Default"/> holds the OpenAI-compatible
/// fine-tuning API and the in-process LoRA trainer; a new backend is one <see cref="ITuningBackend"/> class plus one
/// <see cref="Add"/>.
/// </summary>
public sealed class TuningBackends : IEnumerable<ITuningBackend>
{
    private readonly Dictionary<string, ITuningBackend> _byName = new(StringComparer.Ordinal);

    /// <summary>The backends, in the order added.</summary>
    public IReadOnlyList<string> Names => [.. _byName.Keys];

    /// <summary>The OpenAI-compatible fine-tuning API (<see cref="TuningJobs.RemoteBackend"/>) and the in-process LoRA trainer (<see cref="TuningJobs.LocalBackend"/>).</summary>
    /// <param name="http">The HTTP client for remote calls (its own timeout is not used: each attempt has one).</param>
    /// <param name="time">The clock for retry delays.</param>
    /// <param name="calls">Retries, backoff and per-attempt deadline of remote calls; null for the fine-tuning client's defaults.</param>
    /// <returns>The catalogue.</returns>
    public static TuningBackends Default(HttpClient http, TimeProvider time, CallPolicy? calls = null)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(time);
        return new TuningBackends().Add(new OpenAiCompatibleBackend(http, time, calls)).Add(new LocalLoraBackend());
    }

    /// <summary>Adds a backend.</summary>
    /// <param name="backend">The backend.</param>
    /// <returns>This catalogue.</returns>
    /// <exception cref="ArgumentException">A backend with the same name is already registered.</exception>
    public TuningBackends Add(ITuningBackend backend)
    {
        ArgumentNullException.ThrowIfNull(backend);
        if (!_byName.TryAdd(backend.Name, backend))
        {
            throw new ArgumentException($"a tuning backend named '{backend.Name}' is already registered", nameof(backend));
        }

        return this;
    }

    /// <summary>The backend with this name.</summary>
    /// <param name="name">The name.</param>
    /// <returns>The backend.</returns>
    /// <exception cref="InputException">No backend has this name; the message lists the names.</exception>
    public ITuningBackend Get(string name) =>
        _byName.TryGetValue(name, out var backend)
            ? backend
            : throw new InputException($"unknown tuning backend '{name}'", field: "backend", hint: "use one of " + string.Join(", ", _byName.Keys));

    /// <inheritdoc/>
    public IEnumerator<ITuningBackend> GetEnumerator() => _byName.Values.GetEnumerator();

    /// <inheritdoc/>
    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
