namespace Crossover.Routing;

/// <summary>How a <see cref="CascadeChatClient"/> decides to accept or escalate; validated when the client is built.</summary>
public sealed class CascadeChatClientOptions
{
    /// <summary>The gate between stages (default: the format check alone).</summary>
    public CascadeGate Gate { get; set; } = CascadeGate.Format;

    /// <summary>The gate's threshold: an answer is accepted when its score is at least this. Required except for the format gate.</summary>
    public double? Threshold { get; set; }

    /// <summary>Samples per earlier stage for the agreement gate (at least 2 there); earlier stages are called once otherwise.</summary>
    public int Samples { get; set; } = 1;

    /// <summary>The labels of a classification task: an answer that is not exactly one of them fails the format check.</summary>
    public IReadOnlyList<string> Labels { get; set; } = [];

    /// <summary>Overrides the format check (e.g. JSON Schema validation); by default an answer passes when it is one of <see cref="Labels"/>, or is not blank when there are none.</summary>
    public Func<string, bool>? FormatCheck { get; set; }

    /// <summary>The judge for the judge gate.</summary>
    public CascadeJudge? Judge { get; set; }

    /// <summary>Options from an exported plan (gate, threshold, samples, labels); add <see cref="Judge"/> or <see cref="FormatCheck"/> when needed.</summary>
    /// <param name="plan">The plan from <c>crossover cascade RUN --export</c>.</param>
    /// <returns>The options.</returns>
    public static CascadeChatClientOptions From(CascadePlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        return new CascadeChatClientOptions { Gate = plan.Gate, Threshold = plan.Threshold, Samples = plan.Samples, Labels = plan.Labels };
    }

    /// <summary>Checks the options fit together.</summary>
    /// <exception cref="ArgumentException">A gate lacks its threshold, samples or judge.</exception>
    internal void Validate()
    {
        if (Gate != CascadeGate.Format && Threshold is null)
        {
            throw new ArgumentException($"the {Gate} gate needs a Threshold", nameof(Threshold));
        }

        if (Gate == CascadeGate.Agreement && Samples < 2)
        {
            throw new ArgumentException("the agreement gate needs Samples of at least 2", nameof(Samples));
        }

        if (Samples < 1)
        {
            throw new ArgumentException("Samples must be at least 1", nameof(Samples));
        }

        if (Gate == CascadeGate.Judge && Judge is null)
        {
            throw new ArgumentException("the judge gate needs a Judge", nameof(Judge));
        }
    }
}
