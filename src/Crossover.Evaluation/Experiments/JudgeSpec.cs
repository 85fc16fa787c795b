namespace Crossover.Evaluation.Experiments;

/// <summary>The optional model-as-judge metric: a model that grades each answer against the input and the reference.</summary>
/// <param name="Model">The judge model and its endpoint.</param>
/// <param name="Rubric">What the judge looks for (inline, or read from <c>rubricFile</c>).</param>
/// <param name="Scale">The grading scale.</param>
public sealed record JudgeSpec(ModelSpec Model, string Rubric, JudgeScale Scale);
