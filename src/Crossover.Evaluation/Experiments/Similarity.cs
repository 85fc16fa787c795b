namespace Crossover.Evaluation.Experiments;

/// <summary>How <c>select: similar</c> measures similarity between an input and the train examples.</summary>
public enum Similarity
{
    /// <summary>Okapi BM25 over the words.</summary>
    Bm25,

    /// <summary>Cosine similarity of embedding vectors from an embeddings model.</summary>
    Embeddings,
}
