namespace Crossover.LocalModels;

/// <summary>LoRA settings: ΔW = B·A·(alpha/rank) on the named projections, as PEFT's <c>LoraConfig</c>.</summary>
public sealed class LoraConfig
{
    /// <summary>The projection names LoRA can adapt.</summary>
    public static readonly IReadOnlyList<string> KnownTargets = ["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"];

    /// <summary>Rank r of A [r, in] and B [out, r] (default 8).</summary>
    public int Rank { get; set; } = 8;

    /// <summary>Scale numerator: the update is multiplied by alpha / r (default 16).</summary>
    public double Alpha { get; set; } = 16;

    /// <summary>Dropout on the adapter's input while training (default 0.05).</summary>
    public double Dropout { get; set; } = 0.05;

    /// <summary>Which projections get adapters (default the attention ones: q, k, v, o).</summary>
    public IReadOnlyList<string> TargetModules { get; set; } = ["q_proj", "k_proj", "v_proj", "o_proj"];

    /// <summary>Rank-stabilised scaling alpha / √r instead of alpha / r (PEFT's <c>use_rslora</c>).</summary>
    public bool UseRsLora { get; set; }

    /// <summary>The factor the update B·A is multiplied by.</summary>
    public double Scale => UseRsLora ? Alpha / Math.Sqrt(Rank) : Alpha / Rank;

    /// <summary>The largest rank any verb accepts (<c>local train</c>, <c>tune curve</c>, <c>tune export</c>).</summary>
    public const int MaxRank = 1024;

    /// <summary>Checks the values and throws a user error naming the bad one.</summary>
    /// <exception cref="Core.Input.InputException">A value is out of range or a target is unknown.</exception>
    public void Validate()
    {
        CheckRank(Rank, "rank");
        CheckAlpha(Alpha, "alpha");
        CheckDropout(Dropout, "dropout");
        var unknown = TargetModules.FirstOrDefault(t => !KnownTargets.Contains(t));
        if (unknown is not null || TargetModules.Count == 0)
        {
            throw new Core.Input.InputException($"unknown LoRA target '{unknown}'", field: "target-modules", hint: $"choose from {string.Join(", ", KnownTargets)}");
        }
    }

    /// <summary>Checks a rank against the limit every verb shares (this engine, the trainers <c>tune export</c> writes for).</summary>
    /// <param name="rank">The rank.</param>
    /// <param name="field">The option's name as the caller's user typed it.</param>
    /// <exception cref="Core.Input.InputException">The rank is out of range.</exception>
    public static void CheckRank(int rank, string field)
    {
        if (rank is < 1 or > MaxRank)
        {
            throw new Core.Input.InputException(FormattableString.Invariant($"LoRA {field} {rank} is out of range"), field: field, hint: $"use 1 to {MaxRank}; 8 to 64 is usual");
        }
    }

    /// <summary>Checks an alpha (the update's scale numerator) against the limit every verb shares.</summary>
    /// <param name="alpha">The alpha.</param>
    /// <param name="field">The option's name as the caller's user typed it.</param>
    /// <exception cref="Core.Input.InputException">The alpha is not a positive number.</exception>
    public static void CheckAlpha(double alpha, string field)
    {
        // Written so that NaN fails too (every comparison with NaN is false).
        if (!(alpha > 0 && double.IsFinite(alpha)))
        {
            throw new Core.Input.InputException(FormattableString.Invariant($"LoRA {field} {alpha} is out of range"), field: field, hint: "use a positive number, often twice the rank");
        }
    }

    /// <summary>Checks a dropout against the limit every verb shares.</summary>
    /// <param name="dropout">The dropout probability.</param>
    /// <param name="field">The option's name as the caller's user typed it.</param>
    /// <exception cref="Core.Input.InputException">The dropout is not in [0, 1).</exception>
    public static void CheckDropout(double dropout, string field)
    {
        if (!(dropout >= 0 && dropout < 1))
        {
            throw new Core.Input.InputException(FormattableString.Invariant($"LoRA {field} {dropout} is out of range"), field: field, hint: "use 0 to 0.5; 0.05 is usual");
        }
    }
}
