using Crossover.Evaluation.Experiments;

namespace Crossover.Evaluation.Optimization;

/// <summary>What <see cref="PromptOptimizer"/> searches from, with what, and within which limits (docs/optimize.md).</summary>
public sealed record OptimizeOptions
{
    /// <summary>The experiment's candidate whose model and strategy the search starts from.</summary>
    public required string Candidate { get; init; }

    /// <summary>The model that proposes instruction variants; null uses the candidate's own model.</summary>
    public ModelSpec? Proposer { get; init; }

    /// <summary>Stop before paid calls would cost more than this many USD (null: no limit).</summary>
    public double? BudgetUsd { get; init; }

    /// <summary>Prompt configurations entered into the search, the starting prompt included.</summary>
    public int Trials { get; init; } = 12;

    /// <summary>Instruction variants asked of the proposer.</summary>
    public int Proposals { get; init; } = 4;

    /// <summary>Dev items in the first round; each later round doubles it.</summary>
    public int FirstBatch { get; init; } = 8;

    /// <summary>Seeds every random choice (configurations sampled, batch order), so a rerun is the same search.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Checks the limits a user can set.</summary>
    /// <exception cref="Core.Input.InputException">A limit is out of range.</exception>
    public void Validate()
    {
        if (Trials is < 1 or > 500)
        {
            throw new Core.Input.InputException($"--trials {Trials} is out of range", field: "--trials", hint: "use 1 to 500");
        }

        if (Proposals is < 0 or > 20)
        {
            throw new Core.Input.InputException($"--proposals {Proposals} is out of range", field: "--proposals", hint: "use 0 to 20");
        }

        if (FirstBatch is < 2 or > 10_000)
        {
            throw new Core.Input.InputException($"--first-batch {FirstBatch} is out of range", field: "--first-batch", hint: "use 2 to 10000");
        }

        if (BudgetUsd is { } budget && !(double.IsFinite(budget) && budget >= 0))
        {
            throw new Core.Input.InputException($"--budget {budget} is not an amount", field: "--budget", hint: "give USD, e.g. --budget 2.50");
        }
    }
}
