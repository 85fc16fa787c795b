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

    /// <summary>Checks the values and throws a user error naming the bad one.</summary>
    /// <exception cref="Core.Input.InputException">A value is out of range or a target is unknown.</exception>
    public void Validate()
    {
        if (Rank < 1)
        {
            throw new Core.Input.InputException($"LoRA rank must be at least 1, got {Rank}", field: "rank");
        }

        if (!(Alpha > 0 && double.IsFinite(Alpha)))
        {
            throw new Core.Input.InputException($"LoRA alpha must be a positive number, got {Alpha}", field: "alpha");
        }

        // Written so that NaN fails too (every comparison with NaN is false).
        if (!(Dropout >= 0 && Dropout < 1))
        {
            throw new Core.Input.InputException($"LoRA dropout must be in [0, 1), got {Dropout}", field: "dropout");
        }

        var unknown = TargetModules.FirstOrDefault(t => !KnownTargets.Contains(t));
        if (unknown is not null || TargetModules.Count == 0)
        {
            throw new Core.Input.InputException($"unknown LoRA target '{unknown}'", field: "target-modules", hint: $"choose from {string.Join(", ", KnownTargets)}");
        }
    }
}
