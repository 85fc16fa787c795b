namespace Crossover.Evaluation.Middleware;

/// <summary>Stores successful responses by key; errors are never stored.</summary>
public interface IResponseCache
{
    /// <summary>Looks a response up.</summary>
    /// <param name="key">The request's key.</param>
    /// <param name="cancellationToken">Cancels the lookup.</param>
    /// <returns>The stored JSON, or null.</returns>
    Task<string?> GetAsync(string key, CancellationToken cancellationToken);

    /// <summary>Stores a response.</summary>
    /// <param name="key">The request's key.</param>
    /// <param name="value">The response as JSON.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when stored.</returns>
    Task SetAsync(string key, string value, CancellationToken cancellationToken);
}
