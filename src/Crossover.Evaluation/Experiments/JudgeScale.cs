namespace Crossover.Evaluation.Experiments;

/// <summary>The scale a judge model grades on.</summary>
public enum JudgeScale
{
    /// <summary>An integer from 1 (worst) to 5 (best); recorded as (score − 1) / 4 so it lies in [0, 1] like every metric.</summary>
    OneToFive,

    /// <summary>PASS or FAIL; recorded as 1 or 0.</summary>
    PassFail,
}
