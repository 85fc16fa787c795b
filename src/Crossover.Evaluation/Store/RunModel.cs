namespace Crossover.Evaluation.Store;

/// <summary>A model as a run records it: enough to price its calls later.</summary>
/// <param name="Provider">The provider name.</param>
/// <param name="Id">The model id.</param>
/// <param name="PriceAs">The catalog model whose price applies, when not the id itself.</param>
public sealed record RunModel(string Provider, string Id, string? PriceAs)
{
    /// <summary>The catalog key the model is priced at.</summary>
    public string PriceKey => string.IsNullOrEmpty(PriceAs) ? Id : PriceAs;
}
