namespace Crossover.Evaluation.Strategies;

/// <summary>
/// The prompt strategies an experiment may name in <c>strategy.kind</c>. <see cref="Default"/> holds the built-in ones;
/// <see cref="With"/> adds another (a library user's, or a test's) without touching any other file. The experiment
/// reader resolves names here, once: everything after it (prompt builder, scorer, dry run, optimizer) holds the
/// <see cref="IPromptStrategy"/> itself.
/// </summary>
public sealed class PromptStrategies
{
    private readonly IPromptStrategy[] _all;

    private PromptStrategies(IPromptStrategy[] all) => _all = all;

    /// <summary>Instructions and the input only.</summary>
    public static IPromptStrategy ZeroShot { get; } = new ZeroShotStrategy();

    /// <summary>Instructions, demonstrations from the train split, then the input.</summary>
    public static IPromptStrategy FewShot { get; } = new FewShotStrategy();

    /// <summary>Reason first, then a final line <c>Answer: …</c>.</summary>
    public static IPromptStrategy ChainOfThought { get; } = new ChainOfThoughtStrategy();

    /// <summary>Answer as JSON, with a JSON Schema response format.</summary>
    public static IPromptStrategy Structured { get; } = new StructuredStrategy();

    /// <summary>The built-in strategies, in the order docs list them.</summary>
    public static PromptStrategies Default { get; } = new([ZeroShot, FewShot, ChainOfThought, Structured]);

    /// <summary>Every strategy, in registration order.</summary>
    public IReadOnlyList<IPromptStrategy> All => _all;

    /// <summary>Every strategy's name, in registration order.</summary>
    public IReadOnlyList<string> Names => [.. _all.Select(s => s.Name)];

    /// <summary>These strategies and one more.</summary>
    /// <param name="strategy">The strategy to add.</param>
    /// <returns>A new registry; this one is unchanged.</returns>
    /// <exception cref="ArgumentException">The name is not kebab-case, or a strategy of that name is already registered.</exception>
    public PromptStrategies With(IPromptStrategy strategy)
    {
        ArgumentNullException.ThrowIfNull(strategy);
        var name = strategy.Name;
        if (string.IsNullOrEmpty(name) || !name.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-'))
        {
            throw new ArgumentException($"a strategy name is kebab-case (lower-case letters, digits, '-'), not '{name}'", nameof(strategy));
        }

        if (Find(name) is not null)
        {
            throw new ArgumentException($"a strategy named '{name}' is already registered", nameof(strategy));
        }

        return new([.. _all, strategy]);
    }

    /// <summary>The strategy of a name as an experiment writes it (any case; '_' for '-').</summary>
    /// <param name="name">The name.</param>
    /// <returns>The strategy, or null when none has that name.</returns>
    public IPromptStrategy? Find(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var normalized = name.Trim().Replace('_', '-');
        return _all.FirstOrDefault(s => string.Equals(s.Name, normalized, StringComparison.OrdinalIgnoreCase));
    }
}
