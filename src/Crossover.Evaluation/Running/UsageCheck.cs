using System.Globalization;
using Microsoft.Extensions.AI;

namespace Crossover.Evaluation.Running;

/// <summary>
/// Token counts a server reports are checked before they are priced or stored: a negative count, cached tokens above
/// the input, or a count no context window holds would turn into a negative or absurd cost with exit 0. Such an answer
/// fails the call (recorded as an error with the reason), as a malformed body would.
/// </summary>
internal static class UsageCheck
{
    /// <summary>More tokens than any model reads or writes in one call (the largest context windows are ~10M).</summary>
    public const long MaxTokens = 100_000_000;

    /// <summary>Throws when the usage cannot be real.</summary>
    /// <param name="usage">The reported usage (null: none reported, which is allowed).</param>
    /// <exception cref="InvalidUsageException">A count is negative, absurd, or cached tokens exceed the input.</exception>
    public static void Validate(UsageDetails? usage)
    {
        if (usage is null)
        {
            return;
        }

        Check("input", usage.InputTokenCount);
        Check("cached input", usage.CachedInputTokenCount);
        Check("output", usage.OutputTokenCount);
        if (usage.CachedInputTokenCount > usage.InputTokenCount)
        {
            throw new InvalidUsageException(string.Create(CultureInfo.InvariantCulture,
                $"the server reported {usage.CachedInputTokenCount} cached input tokens but only {usage.InputTokenCount} input tokens"));
        }
    }

    private static void Check(string what, long? count)
    {
        if (count is < 0 or > MaxTokens)
        {
            throw new InvalidUsageException(string.Create(CultureInfo.InvariantCulture,
                $"the server reported {count} {what} tokens, which cannot be right (expected 0 to {MaxTokens})"));
        }
    }
}
