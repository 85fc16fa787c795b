namespace Crossover.Core.Decisions;

/// <summary>The decision engine's answer.</summary>
/// <param name="Recommendation">The approach.</param>
/// <param name="HybridPattern">The hybrid pattern, when the answer is hybrid.</param>
/// <param name="Retrieval">Whether retrieval (RAG) is advised.</param>
/// <param name="TuningMethod">How to fine-tune, when fine-tuning is part of the answer.</param>
/// <param name="Confidence">0–1: how clearly the criteria separate the answers, lowered when key inputs are guesses.</param>
/// <param name="Gate">The id of the hard gate that decided, if one did.</param>
/// <param name="Summary">One sentence stating the answer and its main reason.</param>
/// <param name="Criteria">Every criterion evaluated, strongest first.</param>
/// <param name="DecidingCriteria">Ids of the criteria that carried the answer, strongest first.</param>
/// <param name="NextSteps">Concrete next steps.</param>
public sealed record Decision(
    Approach Recommendation,
    HybridPattern? HybridPattern,
    bool Retrieval,
    TuningMethod? TuningMethod,
    double Confidence,
    string? Gate,
    string Summary,
    IReadOnlyList<Criterion> Criteria,
    IReadOnlyList<string> DecidingCriteria,
    IReadOnlyList<string> NextSteps);
