namespace Crossover.Evaluation.Experiments;

/// <summary>One thing compared: a model with a prompting strategy.</summary>
/// <param name="Name">The candidate's name.</param>
/// <param name="Model">The model and its endpoint.</param>
/// <param name="Strategy">How the prompt is built.</param>
/// <param name="Temperature">Its sampling temperature, when it overrides the experiment's.</param>
public sealed record CandidateSpec(string Name, ModelSpec Model, StrategySpec Strategy, double? Temperature)
{
    /// <summary>
    /// The temperature sent: the candidate's, else the experiment's, else 0 for single answers (repeats sample at the
    /// provider's default); none for a reasoning model, which accepts only its default.
    /// </summary>
    /// <param name="experimentTemperature">The experiment's temperature, when set.</param>
    /// <param name="repeats">Answers asked per item.</param>
    /// <returns>The temperature, or null to send none.</returns>
    public double? SamplingTemperature(double? experimentTemperature, int repeats) =>
        Model.Reasoning ? null : Temperature ?? experimentTemperature ?? (repeats == 1 ? 0 : null);
}
